using Hermetic.Build.Core;
using Microsoft.Build.Framework;

namespace Hermetic.Build.Codegen;

/// <summary>A diagnostic found by a code generation check, for any task to report.</summary>
public sealed record GeneratorFinding(HermeticDiagnostic Diagnostic, SourceLocation Location, params object?[] Arguments);

/// <summary>
/// What a generator generates from and what its output folder holds now, as a stamp entry, and
/// how that compares with the committed stamp (HB4001).
/// </summary>
public static class GeneratorState
{
    /// <summary>How many differences of one generator are listed before the rest is counted.</summary>
    public const int MaximumListed = 10;

    /// <summary>The placeholder recorded in the stamp for the repository root, so that a command
    /// holding an absolute path inside the repository ($(MSBuildProjectDirectory)/…) records the
    /// same text in every checkout.</summary>
    public const string RootPlaceholder = "{root}";

    public static string RecordedCommand(string command, string repositoryRoot)
    {
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(repositoryRoot));
        var recorded = command.Replace(root, RootPlaceholder, PathComparison.Comparison);
        return recorded.ReplaceLineEndings("\n").Trim();
    }

    /// <summary>The entry the stamp should hold for the generator as it is now: declared inputs
    /// and the generator's own files with their hashes, and the files of its output folder.</summary>
    public static StampEntry Current(GeneratorDefinition generator, PinningResult pinning, string repositoryRoot, string stampFile, IBuildEngine? engine)
    {
        var projectDirectory = generator.ProjectDirectory;
        var stamp = Path.GetFullPath(stampFile);
        var inputs = generator.InputFiles
            .Concat(pinning.ProgramFiles)
            .Where(f => !RepositoryPaths.Comparer.Equals(f, stamp) && !RepositoryPaths.IsUnder(f, generator.OutputDirectory))
            .Distinct(RepositoryPaths.Comparer)
            .Where(File.Exists)
            .Select(f => new StampFile(RepositoryPaths.Relative(projectDirectory, f), FileHash.Sha256Hex(engine, f)))
            .ToList();
        var outputs = GeneratedFolder.Hashes(generator.OutputDirectory, engine).Select(p => new StampFile(p.Key, p.Value)).ToList();
        return new StampEntry(generator.Name, RecordedCommand(generator.Command, repositoryRoot),
            RepositoryPaths.Relative(projectDirectory, generator.OutputDirectory), inputs, outputs);
    }

    /// <summary>Sentences (with the place each points at) saying how the current state of a
    /// generator differs from what the stamp recorded; empty when the output is up to date.</summary>
    public static IReadOnlyList<(string Sentence, SourceLocation Location)> Compare(StampEntry recorded, StampEntry current, GeneratorDefinition generator)
    {
        var differences = new List<(string, SourceLocation)>();
        var name = generator.Name;
        if (!string.Equals(recorded.Command, current.Command, StringComparison.Ordinal))
        {
            differences.Add(($"The command of generator '{name}' changed since the stamp was written (stamp: \"{recorded.Command}\", now: \"{current.Command}\").", generator.Location));
        }

        if (!string.Equals(recorded.OutputDirectory, current.OutputDirectory, StringComparison.Ordinal))
        {
            differences.Add(($"The OutputDirectory of generator '{name}' changed since the stamp was written (stamp: '{recorded.OutputDirectory}', now: '{current.OutputDirectory}').", generator.Location));
        }

        var projectDirectory = generator.ProjectDirectory;
        foreach (var (path, change) in Changes(recorded.Inputs, current.Inputs))
        {
            var file = Path.GetFullPath(Path.Combine(projectDirectory, path));
            differences.Add(change switch
            {
                Change.Edited => ($"The input '{path}' of generator '{name}' changed since its output was generated.", new SourceLocation(file)),
                Change.Added => ($"'{path}' is an input of generator '{name}' now, but was not when its output was generated.", new SourceLocation(file)),
                _ => ($"The input '{path}' of generator '{name}' is gone (or no longer matched by Inputs) since its output was generated.", generator.Location),
            });
        }

        var outputPrefix = current.OutputDirectory.TrimEnd('/') + "/";
        foreach (var (path, change) in Changes(recorded.Outputs, current.Outputs))
        {
            var shown = outputPrefix + path;
            var file = Path.Combine(generator.OutputDirectory, path.Replace('/', Path.DirectorySeparatorChar));
            differences.Add(change switch
            {
                Change.Edited => ($"The generated file '{shown}' was edited: it is not what generator '{name}' wrote (change the generator or its inputs instead of its output).", new SourceLocation(file, 1, 1)),
                Change.Added => ($"'{shown}' was added to the output folder of generator '{name}', which did not write it.", new SourceLocation(file, 1, 1)),
                _ => ($"The generated file '{shown}' of generator '{name}' was removed.", generator.Location),
            });
        }

        if (differences.Count > MaximumListed)
        {
            var more = differences.Count - MaximumListed;
            differences = differences.Take(MaximumListed).ToList();
            differences.Add(($"Generator '{name}' has {more} more difference(s) from its stamp.", generator.Location));
        }

        return differences;
    }

    private enum Change
    {
        Edited,
        Added,
        Removed,
    }

    private static IEnumerable<(string Path, Change Change)> Changes(IReadOnlyList<StampFile> recorded, IReadOnlyList<StampFile> current)
    {
        var before = recorded.GroupBy(f => f.Path, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Sha256, StringComparer.Ordinal);
        var now = current.GroupBy(f => f.Path, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Sha256, StringComparer.Ordinal);
        foreach (var path in before.Keys.Union(now.Keys).Order(StringComparer.Ordinal))
        {
            var had = before.TryGetValue(path, out var oldHash);
            var has = now.TryGetValue(path, out var newHash);
            if (had && has && !string.Equals(oldHash, newHash, StringComparison.OrdinalIgnoreCase))
            {
                yield return (path, Change.Edited);
            }
            else if (!had && has)
            {
                yield return (path, Change.Added);
            }
            else if (had && !has)
            {
                yield return (path, Change.Removed);
            }
        }
    }
}
