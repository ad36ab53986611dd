using Hermetic.Build.Core;
using Hermetic.Build.Manifest;
using Hermetic.Build.Verify;

namespace Hermetic.Build.Tool.Diff;

/// <summary>One difference between A and B: what (a file, a manifest field) and where it differs.</summary>
public sealed record Difference(string What, string Where);

/// <summary>
/// <c>hermetic diff A B</c>: two manifests, two folders of build outputs, or two files. Files are
/// explained with VerifyHermetic's own comparison (<see cref="FileDiff"/>: for assemblies and PDBs
/// the method, user string, resource, MVID, PDB document…; else the first differing byte or line).
/// Manifests are compared field by field, and each output that differs is explained from the files
/// beside the two manifests when they are there. Exit code 0: identical; 1: different; 2: bad input.
/// </summary>
public sealed class DiffCommand(string a, string b, TextWriter output, TextWriter error)
{
    public int Run()
    {
        IReadOnlyList<Difference> differences;
        try
        {
            differences = Compare(Path.GetFullPath(a), Path.GetFullPath(b));
        }
        catch (HermeticInputException e)
        {
            error.WriteLine($"hermetic diff: {e.Location.File}{(e.Location.Line > 0 ? $"({e.Location.Line})" : string.Empty)}: {e.Message}");
            return HermeticCommand.BadInput;
        }
        catch (IOException e)
        {
            error.WriteLine("hermetic diff: " + e.Message);
            return HermeticCommand.BadInput;
        }

        if (differences.Count == 0)
        {
            output.WriteLine("identical");
            return 0;
        }

        foreach (var difference in differences)
        {
            output.WriteLine($"{difference.What}: {difference.Where}");
        }

        output.WriteLine($"{differences.Count} difference{(differences.Count == 1 ? string.Empty : "s")}");
        return 1;
    }

    public static IReadOnlyList<Difference> Compare(string a, string b)
    {
        if (Directory.Exists(a) && Directory.Exists(b))
        {
            return CompareFolders(a, b);
        }

        foreach (var path in new[] { a, b })
        {
            if (!File.Exists(path))
            {
                throw new HermeticInputException(new SourceLocation(path), Directory.Exists(path)
                    ? "it is a folder and the other is not: give two folders, two manifests or two files"
                    : "no such file or folder");
            }
        }

        return IsManifest(a) && IsManifest(b) ? CompareManifests(a, b) : CompareFiles(Path.GetFileName(a), a, b);
    }

    private static bool IsManifest(string path) =>
        path.EndsWith(".hermetic.json", StringComparison.OrdinalIgnoreCase) || Path.GetFileName(path).Equals("hermetic.json", StringComparison.OrdinalIgnoreCase);

    private static List<Difference> CompareFiles(string what, string a, string b)
    {
        var bytesA = File.ReadAllBytes(a);
        var bytesB = File.ReadAllBytes(b);
        return bytesA.AsSpan().SequenceEqual(bytesB) ? [] : [new Difference(what, FileDiff.Describe(bytesA, bytesB, what))];
    }

    private static List<Difference> CompareFolders(string a, string b)
    {
        var filesA = RelativeFiles(a);
        var filesB = RelativeFiles(b);
        var differences = new List<Difference>();
        foreach (var path in filesA.Union(filesB).Order(StringComparer.Ordinal))
        {
            if (!filesA.Contains(path))
            {
                differences.Add(new Difference(path, "only in B"));
            }
            else if (!filesB.Contains(path))
            {
                differences.Add(new Difference(path, "only in A"));
            }
            else
            {
                differences.AddRange(CompareFiles(path, Path.Combine(a, path), Path.Combine(b, path)));
            }
        }

        return differences;
    }

    private static HashSet<string> RelativeFiles(string folder) =>
        new(Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/')), StringComparer.Ordinal);

    private static List<Difference> CompareManifests(string a, string b)
    {
        // The task library's reader checks the schema: a malformed manifest is bad input naming the file.
        var manifestA = BuildManifest.Load(a);
        var manifestB = BuildManifest.Load(b);
        var differences = new List<Difference>();
        void Field(string name, string? valueA, string? valueB)
        {
            if (!string.Equals(valueA, valueB, StringComparison.Ordinal))
            {
                differences.Add(new Difference(name, $"{valueA ?? "null"} vs {valueB ?? "null"}"));
            }
        }

        Field("project", manifestA.Project, manifestB.Project);
        Field("targetFramework", manifestA.TargetFramework, manifestB.TargetFramework);
        Field("configuration", manifestA.Configuration, manifestB.Configuration);
        Field("toolchain.sdk", manifestA.Toolchain.Sdk, manifestB.Toolchain.Sdk);
        Field("toolchain.msbuild", manifestA.Toolchain.MSBuild, manifestB.Toolchain.MSBuild);
        Field("source.commit", manifestA.Source.Commit, manifestB.Source.Commit);
        Field("source.dirty", manifestA.Source.Dirty ? "true" : "false", manifestB.Source.Dirty ? "true" : "false");
        Field("inputs.lockFile", manifestA.LockFile?.Sha256, manifestB.LockFile?.Sha256);

        var packagesA = manifestA.Packages.ToDictionary(p => p.Id + "/" + p.Version, StringComparer.OrdinalIgnoreCase);
        var packagesB = manifestB.Packages.ToDictionary(p => p.Id + "/" + p.Version, StringComparer.OrdinalIgnoreCase);
        foreach (var key in packagesA.Keys.Union(packagesB.Keys, StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase))
        {
            var inA = packagesA.GetValueOrDefault(key);
            var inB = packagesB.GetValueOrDefault(key);
            if (inA is null || inB is null)
            {
                differences.Add(new Difference("package " + key, inA is null ? "only in B" : "only in A"));
            }
            else if (inA.ContentHash != inB.ContentHash)
            {
                differences.Add(new Difference("package " + key, $"contentHash {inA.ContentHash} vs {inB.ContentHash}"));
            }
        }

        var outputsA = manifestA.Outputs.ToDictionary(o => o.Path, StringComparer.Ordinal);
        var outputsB = manifestB.Outputs.ToDictionary(o => o.Path, StringComparer.Ordinal);
        foreach (var path in outputsA.Keys.Union(outputsB.Keys).Order(StringComparer.Ordinal))
        {
            var outA = outputsA.GetValueOrDefault(path);
            var outB = outputsB.GetValueOrDefault(path);
            if (outA is null || outB is null)
            {
                differences.Add(new Difference(path, outA is null ? "only in B" : "only in A"));
                continue;
            }

            if (outA.Sha256 == outB.Sha256)
            {
                continue;
            }

            differences.Add(new Difference(path, ExplainOutput(a, outA, b, outB)));
        }

        return differences;
    }

    /// <summary>The files beside the manifests explain the difference when they are the files the manifests describe.</summary>
    private static string ExplainOutput(string manifestA, ManifestOutput outA, string manifestB, ManifestOutput outB)
    {
        var hashes = $"sha256 {outA.Sha256} ({outA.Size} bytes) vs {outB.Sha256} ({outB.Size} bytes)";
        var fileA = Path.Combine(Path.GetDirectoryName(manifestA)!, outA.Path);
        var fileB = Path.Combine(Path.GetDirectoryName(manifestB)!, outB.Path);
        if (!File.Exists(fileA) || !File.Exists(fileB) || FileHash.Sha256Hex(fileA) != outA.Sha256 || FileHash.Sha256Hex(fileB) != outB.Sha256)
        {
            return hashes + " (the files beside the manifests are not these, so no closer explanation)";
        }

        return FileDiff.Describe(File.ReadAllBytes(fileA), File.ReadAllBytes(fileB), outA.Path);
    }
}
