using System.Text.Encodings.Web;
using System.Text.Json;
using Hermetic.Build.Core;
using Hermetic.Build.Manifest;

namespace Hermetic.Build.Verify;

/// <summary>
/// The folder <c>HermeticBuildBaseline</c> writes (<c>HermeticBaselineOutput</c>) for another
/// machine to reproduce: every manifest of one verification build at its repository-relative path,
/// each with the output files it lists beside it (so HB5001 can say where a file differs, as HB3002
/// does), and <c>hermetic-baseline.json</c>, the index naming those manifests and how they were built.
/// </summary>
public static class BaselineFolder
{
    public const string IndexFileName = "hermetic-baseline.json";

    public const string Schema = "hermetic-build/baseline/v1";

    /// <summary>
    /// Writes the folder from a built copy. <paramref name="destination"/> must be absent or empty:
    /// a baseline mixed with an older one would prove nothing.
    /// </summary>
    public static IReadOnlyList<string> Write(string destination, string copyRoot, IReadOnlyList<BuiltOutput> built, string entryPoint,
        string configuration, string? commit, string isolation)
    {
        RequireEmpty(destination);
        var manifests = new List<string>();
        foreach (var output in built.Where(b => b.Manifest is not null).OrderBy(b => b.Manifest, StringComparer.Ordinal))
        {
            var manifest = output.Manifest!;
            if (Path.IsPathRooted(manifest))
            {
                throw new HermeticInputException(new SourceLocation(manifest),
                    $"the manifest of {output.Project} lies outside the repository, so another machine could not find it at the same path; keep HermeticManifestPath inside the repository");
            }

            var source = Path.Combine(copyRoot, manifest);
            if (!File.Exists(source) || manifests.Contains(manifest, StringComparer.Ordinal))
            {
                continue;
            }

            var read = BaselineManifest.Read(source);
            var manifestFolder = Path.GetDirectoryName(manifest) ?? string.Empty;
            CopyFile(source, Path.Combine(destination, manifest));
            foreach (var file in read.Outputs)
            {
                var builtFile = Path.Combine(copyRoot, manifestFolder, file.Path);
                if (File.Exists(builtFile))
                {
                    CopyFile(builtFile, Path.Combine(destination, manifestFolder, file.Path));
                }
            }

            manifests.Add(manifest);
        }

        Directory.CreateDirectory(destination);
        AtomicFile.WriteAllBytes(Path.Combine(destination, IndexFileName), Index(manifests, entryPoint, configuration, commit, isolation));
        return manifests;
    }

    /// <summary>The baseline goes into an absent or empty folder only (HB0001 otherwise).</summary>
    public static void RequireEmpty(string destination)
    {
        if (Directory.Exists(destination) && Directory.EnumerateFileSystemEntries(destination).Any())
        {
            throw new HermeticInputException(new SourceLocation(destination),
                "HermeticBaselineOutput names a folder that is not empty; name an empty or new folder for the baseline");
        }
    }

    /// <summary>The manifests an index names, as full paths; bad input (a path leading out of the folder) is HB0001.</summary>
    public static IReadOnlyList<string> ReadIndex(string folder)
    {
        var index = Path.Combine(folder, IndexFileName);
        using var document = JsonDocument.Parse(File.ReadAllBytes(index));
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("schema", out var schema) || schema.GetString() != Schema
            || !root.TryGetProperty("manifests", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            throw new HermeticInputException(new SourceLocation(index), $"it is not a baseline index (schema '{Schema}' with a 'manifests' array)");
        }

        var manifests = new List<string>();
        foreach (var entry in list.EnumerateArray())
        {
            var path = entry.ValueKind == JsonValueKind.String ? entry.GetString()! : string.Empty;
            if (path.Length == 0 || path.Contains('\\', StringComparison.Ordinal) || Path.IsPathRooted(path) || path.Split('/').Any(s => s is ".." or ""))
            {
                throw new HermeticInputException(new SourceLocation(index), $"the manifest path '{path}' is not a relative path with '/' inside the baseline folder");
            }

            manifests.Add(Path.Combine(folder, path));
        }

        return manifests;
    }

    private static byte[] Index(IReadOnlyList<string> manifests, string entryPoint, string configuration, string? commit, string isolation)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("schema", Schema);
            json.WriteString("entryPoint", entryPoint);
            json.WriteString("configuration", configuration);
            if (commit is null)
            {
                json.WriteNull("commit");
            }
            else
            {
                json.WriteString("commit", commit);
            }

            json.WriteString("isolation", isolation);
            json.WriteStartArray("manifests");
            foreach (var manifest in manifests)
            {
                json.WriteStringValue(manifest);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        stream.WriteByte((byte)'\n');
        return stream.ToArray();
    }

    private static void CopyFile(string source, string destination)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        File.Copy(source, destination, overwrite: true);
    }

    /// <summary>The baseline's own copy of an output, when the folder holds it and it is the file the manifest names.</summary>
    public static byte[]? BaselineFile(BaselineManifest manifest, ManifestOutput output)
    {
        var file = Path.Combine(Path.GetDirectoryName(manifest.File) ?? string.Empty, output.Path);
        return File.Exists(file) && string.Equals(FileHash.Sha256Hex(file), output.Sha256, StringComparison.Ordinal) ? File.ReadAllBytes(file) : null;
    }
}
