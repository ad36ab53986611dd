using System.Text.Json;

namespace Hermetic.Build.Core;

/// <summary>
/// A JSON document read from a file the build does not control. System.Text.Json parses a string
/// holding bytes that are not UTF-8, or an escaped lone surrogate (<c>"\ud800"</c>), and throws
/// <see cref="InvalidOperationException"/> only when the string is read; checking every name and
/// string once, right after parsing, turns that into an input error naming the file.
/// </summary>
public static class JsonInput
{
    /// <exception cref="HermeticInputException">A name or string of the document is not valid Unicode.</exception>
    public static void RequireUnicode(JsonDocument document, string path) => Check(document.RootElement, path);

    private static void Check(JsonElement element, string path)
    {
        try
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    foreach (var property in element.EnumerateObject())
                    {
                        _ = property.Name;
                        Check(property.Value, path);
                    }

                    break;
                case JsonValueKind.Array:
                    foreach (var item in element.EnumerateArray())
                    {
                        Check(item, path);
                    }

                    break;
                case JsonValueKind.String:
                    _ = element.GetString();
                    break;
            }
        }
        catch (InvalidOperationException e)
        {
            throw new HermeticInputException(new SourceLocation(path), "it holds a string that is not valid Unicode (" + e.Message.TrimEnd('.') + ")", e);
        }
    }
}
