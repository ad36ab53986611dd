using Hermetic.Build.Core;

namespace Hermetic.Build.Verify;

/// <summary>
/// One project (and target framework) a verification build built, as the build itself recorded it
/// (target <c>_HermeticVerifyRecordOutputs</c>): paths relative to the copy's root, with '/'.
/// </summary>
public sealed record BuiltOutput(string Project, string TargetFramework, string OutputDirectory, string? Manifest)
{
    public string Key => Project + "|" + TargetFramework;

    /// <summary><c>IsTestProject</c>: the built-in exclusions apply directly in its output folder.</summary>
    public bool IsTestProject { get; init; }

    /// <summary>How many <c>HermeticGenerate</c> generators the project declares.</summary>
    public int Generators { get; init; }

    /// <summary>The project's <c>HermeticVerifyExclude</c> items: glob relative to HermeticRoot, and reason.</summary>
    public IReadOnlyList<(string Glob, string? Reason)> Exclusions { get; init; } = [];

    /// <summary>Reads every record a build wrote into <paramref name="recordsDirectory"/>.</summary>
    public static IReadOnlyList<BuiltOutput> ReadAll(string recordsDirectory, string copyRoot)
    {
        if (!Directory.Exists(recordsDirectory))
        {
            return [];
        }

        var outputs = new Dictionary<string, BuiltOutput>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(recordsDirectory, "*.outputs").Order(StringComparer.Ordinal))
        {
            var pairs = File.ReadAllLines(file)
                .Select(line => line.Split('=', 2))
                .Where(parts => parts.Length == 2)
                .ToList();
            var values = pairs
                .GroupBy(parts => parts[0].Trim(), StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Last()[1].Trim(), StringComparer.Ordinal);
            if (!values.TryGetValue("project", out var project) || !values.TryGetValue("outDir", out var outDir) || project.Length == 0 || outDir.Length == 0)
            {
                throw new HermeticInputException(new SourceLocation(file), "a record of the verification build's outputs lacks 'project' or 'outDir'");
            }

            values.TryGetValue("targetFramework", out var targetFramework);
            values.TryGetValue("manifest", out var manifest);
            var output = new BuiltOutput(
                Relative(copyRoot, project),
                targetFramework ?? string.Empty,
                Relative(copyRoot, outDir).TrimEnd('/') + "/",
                string.IsNullOrEmpty(manifest) ? null : Relative(copyRoot, manifest))
            {
                Generators = values.TryGetValue("generators", out var generators) && int.TryParse(generators, out var count) ? count : 0,
                IsTestProject = values.TryGetValue("testProject", out var test) && test.Equals("true", StringComparison.OrdinalIgnoreCase),
                Exclusions = [.. pairs.Where(p => p[0].Trim() == "exclude").Select(p => p[1].Split('|', 2)).Select(p => (p[0].Trim(), p.Length > 1 ? p[1] : null))],
            };
            outputs[output.Key] = output;
        }

        return [.. outputs.Values.OrderBy(o => o.Key, StringComparer.Ordinal)];
    }

    /// <summary>A path relative to the copy's root with '/'; a path outside it stays absolute (the comparison then names it).</summary>
    public static string Relative(string root, string path)
    {
        var full = Path.GetFullPath(path);
        var relative = Path.GetRelativePath(root, full);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative)
            ? full.Replace('\\', '/')
            : relative.Replace('\\', '/');
    }
}
