using System.Text.Json;
using Hermetic.Build.Core;

namespace Hermetic.Build.Locks;

/// <summary>Parses the JSON files of this concern (lock files, the tool manifest): a BOM is allowed,
/// malformed JSON fails closed as an <see cref="HermeticInputException"/> naming the file and line.</summary>
internal static class LockJson
{
    public static JsonDocument Parse(string path, ReadOnlySpan<byte> utf8, JsonDocumentOptions options = default)
    {
        ReadOnlySpan<byte> bom = [0xEF, 0xBB, 0xBF];
        if (utf8.StartsWith(bom))
        {
            utf8 = utf8[bom.Length..];
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8.ToArray(), options);
        }
        catch (JsonException e)
        {
            throw new HermeticInputException(new SourceLocation(path, (int)(e.LineNumber ?? -1) + 1),
                "it is not valid JSON (" + FirstSentence(e.Message) + ")", e);
        }

        try
        {
            JsonInput.RequireUnicode(document, path);
            return document;
        }
        catch
        {
            document.Dispose();
            throw;
        }
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return (end < 0 ? message : message[..end]).TrimEnd('.');
    }
}
