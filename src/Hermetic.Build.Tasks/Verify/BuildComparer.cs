using Hermetic.Build.Core;
using Hermetic.Build.Manifest;

namespace Hermetic.Build.Verify;

/// <summary>One output file of the verification builds, as each build wrote it (null: that build did not).</summary>
public sealed record ComparedFile(string Path, string? Sha256A, string? Sha256B, long? SizeA, long? SizeB)
{
    public bool Identical => Sha256A is not null && Sha256A == Sha256B;
}

/// <summary>A difference VerifyHermetic reports: its code, the repository-relative file, where it differs, and against what.</summary>
public sealed record FileDifference(string Code, string File, string Where, string? Against = null);

/// <summary>What the two builds built and how their outputs compare.</summary>
public sealed record BuildComparison(IReadOnlyList<ProjectOutputs> Projects, IReadOnlyList<ComparedFile> Files, IReadOnlyList<FileDifference> Differences,
    IReadOnlyList<ExcludedFile> Excluded);

/// <summary>A project and the target frameworks a verification build built it for.</summary>
public sealed record ProjectOutputs(string Project, IReadOnlyList<string> TargetFrameworks);

/// <summary>
/// Compares the outputs of the two verification builds: every file under each built project's
/// output folder (and its manifest, wherever it is), by path relative to the repository. A file
/// only one build wrote is a difference too; for a file both wrote, <see cref="FileDiff"/> says
/// where it differs. A file <paramref name="excluded"/> gives a reason for is listed with it, not compared.
/// </summary>
public static class BuildComparer
{
    public static BuildComparison Compare(string rootA, IReadOnlyList<BuiltOutput> outputsA, string rootB, IReadOnlyList<BuiltOutput> outputsB,
        Func<string, string?>? excluded = null)
    {
        var excludedFiles = new List<ExcludedFile>();
        var differences = new List<FileDifference>();
        var byKeyA = outputsA.ToDictionary(o => o.Key, StringComparer.Ordinal);
        var byKeyB = outputsB.ToDictionary(o => o.Key, StringComparer.Ordinal);
        var paths = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var key in byKeyA.Keys.Union(byKeyB.Keys).Order(StringComparer.Ordinal))
        {
            var a = byKeyA.GetValueOrDefault(key);
            var b = byKeyB.GetValueOrDefault(key);
            if (a is null || b is null)
            {
                var built = (a ?? b)!;
                differences.Add(new FileDifference("HB3002", built.Project,
                    $"only the build of copy {(a is null ? "B" : "A")} built it{(built.TargetFramework.Length > 0 ? " for " + built.TargetFramework : string.Empty)}"));
                continue;
            }

            foreach (var output in new[] { a, b })
            {
                if (Path.IsPathRooted(output.OutputDirectory))
                {
                    throw new HermeticInputException(new SourceLocation(output.Project),
                        $"its output folder '{output.OutputDirectory}' lies outside the repository, so the two verification builds would write into one folder; keep OutDir inside the repository");
                }
            }

            foreach (var (root, output) in new[] { (rootA, a), (rootB, b) })
            {
                var folder = Path.Combine(root, output.OutputDirectory);
                if (Directory.Exists(folder))
                {
                    foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
                    {
                        paths.Add(BuiltOutput.Relative(root, file));
                    }
                }

                if (output.Manifest is { } manifest && !Path.IsPathRooted(manifest) && File.Exists(Path.Combine(root, manifest)))
                {
                    paths.Add(manifest);
                }
            }
        }

        var files = new List<ComparedFile>();
        foreach (var path in paths)
        {
            if (excluded?.Invoke(path) is { } reason)
            {
                excludedFiles.Add(new ExcludedFile(path, reason));
                continue;
            }

            var fileA = Path.Combine(rootA, path);
            var fileB = Path.Combine(rootB, path);
            var existsA = File.Exists(fileA);
            var existsB = File.Exists(fileB);
            var compared = new ComparedFile(path,
                existsA ? FileHash.Sha256Hex(fileA) : null, existsB ? FileHash.Sha256Hex(fileB) : null,
                existsA ? new FileInfo(fileA).Length : null, existsB ? new FileInfo(fileB).Length : null);
            files.Add(compared);
            if (compared.Identical)
            {
                continue;
            }

            var where = !existsA ? "only the build of copy B wrote it"
                : !existsB ? "only the build of copy A wrote it"
                : FileDiff.Describe(File.ReadAllBytes(fileA), File.ReadAllBytes(fileB), path);
            differences.Add(new FileDifference("HB3002", path, where));
        }

        var projects = byKeyA.Values.Concat(byKeyB.Values)
            .GroupBy(o => o.Project, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new ProjectOutputs(g.Key, [.. g.Select(o => o.TargetFramework).Where(t => t.Length > 0).Distinct().Order(StringComparer.Ordinal)]))
            .ToList();
        return new BuildComparison(projects, files, differences, excludedFiles);
    }
}
