using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hermetic.Build.Toolchain;

namespace Hermetic.Build.Tool.Init;

/// <summary>
/// global.json for Hermetic.Build: <c>sdk.version</c> pins the SDK running here (HB1004/HB1005) and
/// <c>msbuild-sdks</c> names the Hermetic.Build version that Directory.Build.props/.targets import.
/// Everything else in the file is kept, in its order; a file that already says both is not touched.
/// </summary>
public static class GlobalJsonEditor
{
    public const string SdkName = "Hermetic.Build";

    public static FileEdit Edit(string path, string? existing, string sdkVersion, string packageVersion)
    {
        if (existing is null)
        {
            var created = new JsonObject
            {
                ["sdk"] = new JsonObject { ["version"] = sdkVersion, ["rollForward"] = "disable" },
                ["msbuild-sdks"] = new JsonObject { [SdkName] = packageVersion },
            };
            return new FileEdit(path, null, Serialize(created, "\n"),
                [$"created: pins the .NET SDK {sdkVersion} (rollForward disable) and Hermetic.Build {packageVersion}"]);
        }

        // The task library's reader says what is wrong with a malformed file (file, line, reason).
        var current = GlobalJson.Parse(path, Encoding.UTF8.GetBytes(existing));
        var pinned = current.MSBuildSdks.TryGetValue(SdkName, out var v) ? v : null;
        if (string.Equals(current.SdkVersion, sdkVersion, StringComparison.OrdinalIgnoreCase) && string.Equals(pinned, packageVersion, StringComparison.Ordinal))
        {
            return FileEdit.Unchanged(path, existing);
        }

        var root = JsonNode.Parse(existing, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true })!.AsObject();
        var notes = new List<string>();
        if (root["sdk"] is not JsonObject sdk)
        {
            sdk = new JsonObject();
            root.Insert(0, "sdk", sdk);
        }

        if (!string.Equals(current.SdkVersion, sdkVersion, StringComparison.OrdinalIgnoreCase))
        {
            notes.Add(current.SdkVersion is null
                ? $"sdk.version {sdkVersion}: the SDK running here (nothing was pinned, so any SDK built the repository: HB1004)"
                : $"sdk.version {current.SdkVersion} -> {sdkVersion}: the SDK running here (the build checks the exact version: HB1005)");
            sdk["version"] = sdkVersion;
        }

        if (root["msbuild-sdks"] is not JsonObject sdks)
        {
            sdks = new JsonObject();
            root["msbuild-sdks"] = sdks;
        }

        if (!string.Equals(pinned, packageVersion, StringComparison.Ordinal))
        {
            notes.Add($"msbuild-sdks: Hermetic.Build {packageVersion}" + (pinned is null ? string.Empty : $" (was {pinned})"));
            foreach (var key in sdks.Select(p => p.Key).Where(k => string.Equals(k, SdkName, StringComparison.OrdinalIgnoreCase)).ToList())
            {
                sdks.Remove(key);
            }

            sdks[SdkName] = packageVersion;
        }

        if (existing.Contains("//", StringComparison.Ordinal) || existing.Contains("/*", StringComparison.Ordinal))
        {
            notes.Add("its comments are not kept (the file is rewritten as plain JSON)");
        }

        return new FileEdit(path, existing, Serialize(root, TextFile.NewLineOf(existing)), notes);
    }

    private static string Serialize(JsonNode node, string newLine)
    {
        var text = node.ToJsonString(new JsonSerializerOptions { WriteIndented = true, IndentSize = 2, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        return text.ReplaceLineEndings(newLine) + newLine;
    }
}
