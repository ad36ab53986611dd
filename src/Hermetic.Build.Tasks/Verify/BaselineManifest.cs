using Hermetic.Build.Core;
using Hermetic.Build.Manifest;

namespace Hermetic.Build.Verify;

/// <summary>
/// A build manifest (docs/manifest.md) named by <c>HermeticBaseline</c>, as far as <c>VerifyHermetic</c>
/// needs it: which project, target framework and configuration it describes, and its outputs.
/// Read with the manifest concern's own reader, so a baseline is held to the same schema.
/// </summary>
public sealed record BaselineManifest(string File, string? Project, string? TargetFramework, string? Configuration, IReadOnlyList<ManifestOutput> Outputs)
{
    /// <summary>Reads a manifest; anything malformed is a HermeticInputException naming the file (HB0001).</summary>
    public static BaselineManifest Read(string path)
    {
        if (!System.IO.File.Exists(path))
        {
            throw new HermeticInputException(new SourceLocation(path), "the baseline manifest does not exist");
        }

        var manifest = BuildManifest.Load(path);
        foreach (var output in manifest.Outputs)
        {
            // The outputs are joined to a folder of the verification copy: nothing may lead out of it.
            if (output.Path.Contains('\\', StringComparison.Ordinal) || System.IO.Path.IsPathRooted(output.Path)
                || output.Path.Split('/').Any(segment => segment is ".." or ""))
            {
                throw new HermeticInputException(new SourceLocation(path),
                    $"the output path '{output.Path}' is not a relative path with '/' inside the manifest's folder");
            }
        }

        return new BaselineManifest(System.IO.Path.GetFullPath(path), manifest.Project, manifest.TargetFramework, manifest.Configuration,
            [.. manifest.Outputs.OrderBy(o => o.Path, StringComparer.Ordinal)]);
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
            if (Directory.Exists(path) && System.IO.File.Exists(System.IO.Path.Combine(path, BaselineFolder.IndexFileName)))
            {
                // A folder HermeticBuildBaseline wrote: exactly the manifests its index names.
                manifests.AddRange(BaselineFolder.ReadIndex(path).Select(Read));
            }
            else if (Directory.Exists(path))
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
                    // With the baseline's own file (a HermeticBuildBaseline folder), say where it differs as HB3002 does.
                    var size = new FileInfo(file).Length;
                    var where = BaselineFolder.BaselineFile(manifest, output) is { } baselineBytes
                        ? FileDiff.Describe(baselineBytes, System.IO.File.ReadAllBytes(file), relative)
                        : $"sha256 {output.Sha256} ({output.Size} bytes) in the baseline, {sha256} ({size} bytes) in the verification build";
                    differences.Add(new FileDifference("HB5001", relative, where, against));
                }
            }
        }

        return differences;
    }
}
