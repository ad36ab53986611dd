using System.Text.Json;
using Hermetic.Build.Infrastructure;

namespace Hermetic.Build.Verify;

/// <summary>One output a manifest lists: path relative to the manifest's folder ('/'), lowercase hex SHA-256, size.</summary>
public sealed record ManifestOutput(string Path, string Sha256, long Size);

/// <summary>
/// A build manifest (CONTRACT §6, schema <c>hermetic-build/manifest/v1</c>) as far as
/// <c>VerifyHermetic</c> needs it to compare a baseline: which project, target framework and
/// configuration it describes, and its outputs. Only those fields are read; the manifest concern
/// owns the full format (this reader can give way to its reader).
/// </summary>
public sealed record BaselineManifest(string File, string? Project, string? TargetFramework, string? Configuration, IReadOnlyList<ManifestOutput> Outputs)
{
    public const string Schema = "hermetic-build/manifest/v1";

    /// <summary>Reads a manifest; anything malformed is a HermeticInputException naming the file (HB0001).</summary>
    public static BaselineManifest Read(string path)
    {
        if (!System.IO.File.Exists(path))
        {
            throw new HermeticInputException(new SourceLocation(path), "the baseline manifest does not exist");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(System.IO.File.ReadAllBytes(path));
        }
        catch (JsonException e)
        {
            throw new HermeticInputException(new SourceLocation(path, (int)(e.LineNumber ?? 0) + 1), "the baseline manifest is not valid JSON: " + e.Message, e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Invalid(path, "it is not a JSON object");
            }

            var schema = OptionalString(root, "schema", path);
            if (!string.Equals(schema, Schema, StringComparison.Ordinal))
            {
                throw Invalid(path, $"its \"schema\" is {(schema is null ? "missing" : "'" + schema + "'")}, not '{Schema}'");
            }

            if (!root.TryGetProperty("outputs", out var outputs) || outputs.ValueKind != JsonValueKind.Array)
            {
                throw Invalid(path, "it has no \"outputs\" array");
            }

            var list = new List<ManifestOutput>();
            foreach (var output in outputs.EnumerateArray())
            {
                if (output.ValueKind != JsonValueKind.Object)
                {
                    throw Invalid(path, "an entry of \"outputs\" is not an object");
                }

                var outputPath = OptionalString(output, "path", path);
                var sha256 = OptionalString(output, "sha256", path);
                if (string.IsNullOrEmpty(outputPath) || sha256 is null || sha256.Length != 64 || !sha256.All(Uri.IsHexDigit)
                    || !output.TryGetProperty("size", out var size) || size.ValueKind != JsonValueKind.Number || !size.TryGetInt64(out var bytes) || bytes < 0)
                {
                    throw Invalid(path, "an entry of \"outputs\" needs \"path\", \"sha256\" (64 hex digits) and \"size\" (a whole number)");
                }

                if (outputPath.Contains('\\', StringComparison.Ordinal) || System.IO.Path.IsPathRooted(outputPath)
                    || outputPath.Split('/').Any(segment => segment is ".." or ""))
                {
                    throw Invalid(path, $"the output path '{outputPath}' is not a relative path with '/' inside the manifest's folder");
                }

                list.Add(new ManifestOutput(outputPath, sha256.ToLowerInvariant(), bytes));
            }

            return new BaselineManifest(System.IO.Path.GetFullPath(path), OptionalString(root, "project", path), OptionalString(root, "targetFramework", path),
                OptionalString(root, "configuration", path), [.. list.OrderBy(o => o.Path, StringComparer.Ordinal)]);
        }
    }

    /// <summary>
    /// The manifests named by <c>HermeticBaseline</c>: files, or folders whose manifests
    /// (<c>*.hermetic.json</c>, <c>hermetic.json</c>) are all taken. Relative paths are relative
    /// to <paramref name="baseDirectory"/> (where the command was started).
    /// </summary>
    public static IReadOnlyList<BaselineManifest> ReadAll(string? baseline, string baseDirectory)
    {
        var manifests = new List<BaselineManifest>();
        foreach (var entry in (baseline ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var path = System.IO.Path.GetFullPath(entry, baseDirectory);
            if (Directory.Exists(path))
            {
                var files = Directory.EnumerateFiles(path, "*.json", SearchOption.AllDirectories)
                    .Where(f => f.EndsWith(".hermetic.json", StringComparison.OrdinalIgnoreCase) || string.Equals(System.IO.Path.GetFileName(f), "hermetic.json", StringComparison.OrdinalIgnoreCase))
                    .Order(StringComparer.Ordinal)
                    .ToList();
                if (files.Count == 0)
                {
                    throw new HermeticInputException(new SourceLocation(path), "HermeticBaseline names a folder that holds no manifest (*.hermetic.json)");
                }

                manifests.AddRange(files.Select(Read));
            }
            else
            {
                manifests.Add(Read(path));
            }
        }

        return manifests;
    }

    /// <summary>
    /// Compares every output of the baseline with the same file of a verification build: one
    /// HB5001 per file that differs or that the verification build did not write. The build is
    /// matched by project and target framework; a manifest's outputs are relative to the folder of
    /// the build's own manifest, or to its output folder when it writes none.
    /// </summary>
    public static IReadOnlyList<FileDifference> Compare(IReadOnlyList<BaselineManifest> baseline, string copyRoot, IReadOnlyList<BuiltOutput> built, string repositoryRoot)
    {
        var differences = new List<FileDifference>();
        foreach (var manifest in baseline)
        {
            var against = BuiltOutput.Relative(repositoryRoot, manifest.File);
            var match = built.FirstOrDefault(b => string.Equals(b.Project, manifest.Project, StringComparison.Ordinal)
                                                  && string.Equals(b.TargetFramework, manifest.TargetFramework ?? string.Empty, StringComparison.Ordinal))
                        ?? (manifest.Project is null && built.Count == 1 ? built[0] : null);
            if (match is null)
            {
                foreach (var output in manifest.Outputs)
                {
                    differences.Add(new FileDifference("HB5001", (manifest.Project ?? "(no project)") + ": " + output.Path,
                        $"the verification build did not build {manifest.Project ?? "the project"}{(manifest.TargetFramework is null ? string.Empty : " for " + manifest.TargetFramework)}", against));
                }

                continue;
            }

            var folder = match.Manifest is { } builtManifest && !System.IO.Path.IsPathRooted(builtManifest)
                ? (System.IO.Path.GetDirectoryName(builtManifest)?.Replace('\\', '/') ?? string.Empty)
                : match.OutputDirectory.TrimEnd('/');
            foreach (var output in manifest.Outputs)
            {
                var relative = folder.Length == 0 ? output.Path : folder + "/" + output.Path;
                var file = System.IO.Path.Combine(copyRoot, relative);
                if (!System.IO.File.Exists(file))
                {
                    differences.Add(new FileDifference("HB5001", relative, "the verification build did not write it", against));
                    continue;
                }

                var sha256 = FileHash.Sha256Hex(file);
                if (!string.Equals(sha256, output.Sha256, StringComparison.Ordinal))
                {
                    var size = new FileInfo(file).Length;
                    differences.Add(new FileDifference("HB5001", relative,
                        $"sha256 {output.Sha256} ({output.Size} bytes) in the baseline, {sha256} ({size} bytes) in the verification build", against));
                }
            }
        }

        return differences;
    }

    private static string? OptionalString(JsonElement element, string name, string path)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw Invalid(path, $"\"{name}\" is not a string");
    }

    private static HermeticInputException Invalid(string path, string reason) =>
        new(new SourceLocation(path), "the baseline manifest is not a Hermetic.Build manifest: " + reason);
}
