using System.Text.Json;
using Hermetic.Build.Core;

namespace Hermetic.Build.Toolchain;

/// <summary>
/// What Hermetic.Build needs from a global.json: the pinned SDK version (and where it is written)
/// and the MSBuild SDK versions. Read as the dotnet host reads it: comments and trailing commas
/// allowed; anything else malformed is an <see cref="HermeticInputException"/>.
/// </summary>
public sealed class GlobalJson
{
    private GlobalJson(string path, string? sdkVersion, SourceLocation sdkVersionLocation, string? rollForward,
        IReadOnlyDictionary<string, string> msbuildSdks)
    {
        Path = path;
        SdkVersion = sdkVersion;
        SdkVersionLocation = sdkVersionLocation;
        RollForward = rollForward;
        MSBuildSdks = msbuildSdks;
    }

    public string Path { get; }

    /// <summary><c>sdk.version</c>, or null when global.json does not pin one.</summary>
    public string? SdkVersion { get; }

    /// <summary>Where <c>sdk.version</c> is written, or the start of the file.</summary>
    public SourceLocation SdkVersionLocation { get; }

    public string? RollForward { get; }

    public IReadOnlyDictionary<string, string> MSBuildSdks { get; }

    public static GlobalJson Load(string path) => Parse(path, File.ReadAllBytes(path));

    public static GlobalJson Parse(string path, ReadOnlySpan<byte> utf8)
    {
        ReadOnlySpan<byte> bom = [0xEF, 0xBB, 0xBF];
        if (utf8.StartsWith(bom))
        {
            utf8 = utf8[bom.Length..];
        }

        string? sdkVersion = null, rollForward = null;
        var versionLocation = new SourceLocation(path, 1, 1);
        var msbuildSdks = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions
        {
            CommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
        });

        try
        {
            Expect(ref reader, JsonTokenType.StartObject, path, utf8, "the file must be a JSON object");
            while (Next(ref reader) && reader.TokenType == JsonTokenType.PropertyName)
            {
                var section = reader.GetString();
                Next(ref reader);
                if (section == "sdk")
                {
                    ExpectCurrent(ref reader, JsonTokenType.StartObject, path, utf8, "\"sdk\" must be an object");
                    while (Next(ref reader) && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        var name = reader.GetString();
                        Next(ref reader);
                        if (name == "version")
                        {
                            ExpectCurrent(ref reader, JsonTokenType.String, path, utf8, "\"sdk.version\" must be a string");
                            sdkVersion = reader.GetString();
                            versionLocation = SourceLocation.At(path, utf8, (int)reader.TokenStartIndex, (byte)'\n');
                        }
                        else if (name == "rollForward" && reader.TokenType == JsonTokenType.String)
                        {
                            rollForward = reader.GetString();
                        }
                        else
                        {
                            reader.Skip();
                        }
                    }
                }
                else if (section == "msbuild-sdks")
                {
                    ExpectCurrent(ref reader, JsonTokenType.StartObject, path, utf8, "\"msbuild-sdks\" must be an object");
                    while (Next(ref reader) && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        var name = reader.GetString()!;
                        Next(ref reader);
                        ExpectCurrent(ref reader, JsonTokenType.String, path, utf8, $"\"msbuild-sdks\".\"{name}\" must be a version string");
                        msbuildSdks[name] = reader.GetString()!;
                    }
                }
                else
                {
                    reader.Skip();
                }
            }

            // Like the dotnet host, nothing may follow the top-level object.
            if (reader.Read())
            {
                throw new HermeticInputException(SourceLocation.At(path, utf8, (int)reader.TokenStartIndex, (byte)'\n'),
                    "there is content after the closing '}' of the JSON object");
            }
        }
        catch (InvalidOperationException e) when (e is not ObjectDisposedException)
        {
            // Utf8JsonReader.GetString on bytes that are not UTF-8.
            throw new HermeticInputException(SourceLocation.At(path, utf8, (int)reader.TokenStartIndex, (byte)'\n'),
                "it holds text that is not valid UTF-8", e);
        }
        catch (JsonException e)
        {
            var location = new SourceLocation(path, (int)(e.LineNumber ?? 0) + 1, (int)(e.BytePositionInLine ?? 0) + 1);
            throw new HermeticInputException(location, "it is not valid JSON (" + FirstSentence(e.Message) + ")", e);
        }

        if (sdkVersion is not null && string.IsNullOrWhiteSpace(sdkVersion))
        {
            sdkVersion = null;
        }

        return new GlobalJson(path, sdkVersion?.Trim(), versionLocation, rollForward, msbuildSdks);
    }

    private static bool Next(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            throw new JsonException("the file ends before the JSON object is closed", path: null, lineNumber: null, bytePositionInLine: null);
        }

        return true;
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type, string path, ReadOnlySpan<byte> utf8, string reason)
    {
        if (!reader.Read())
        {
            throw new HermeticInputException(new SourceLocation(path, 1, 1), "the file is empty");
        }

        ExpectCurrent(ref reader, type, path, utf8, reason);
    }

    private static void ExpectCurrent(ref Utf8JsonReader reader, JsonTokenType type, string path, ReadOnlySpan<byte> utf8, string reason)
    {
        if (reader.TokenType != type)
        {
            throw new HermeticInputException(SourceLocation.At(path, utf8, (int)reader.TokenStartIndex, (byte)'\n'), reason);
        }
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return (end > 0 ? message[..end] : message).TrimEnd('.');
    }
}
