using Hermetic.Build.Core;
using Microsoft.Build.Framework;

namespace Hermetic.Build.Codegen;

/// <summary>
/// HB4001 and HB4003 in every build, without running any generator: each generator's program is
/// pinned, and the committed stamp matches the inputs, the command and the output folder as they
/// are now (hashes only).
/// </summary>
public sealed class CheckGeneratedOutput : GeneratorTask
{
    /// <summary>The repository files the check hashed besides declared inputs and outputs (the
    /// generators' own files): inputs of the next build's up-to-date check.</summary>
    [Output]
    public ITaskItem[] FilesRead { get; private set; } = [];

    /// <summary>The folders of generator projects, each with a trailing separator: the targets
    /// list their files before the next build, so that a file added there is noticed.</summary>
    [Output]
    public ITaskItem[] FoldersRead { get; private set; } = [];

    protected override string CheckName => "generated output";

    protected override void Run()
    {
        var generators = LoadGenerators();
        var stampPath = Path.GetFullPath(StampFile);
        var stamp = File.Exists(stampPath) ? GenerateStamp.Read(stampPath) : null;
        var filesRead = new SortedSet<string>(RepositoryPaths.Comparer);
        var foldersRead = new SortedSet<string>(RepositoryPaths.Comparer);
        if (stamp is null && generators.Count > 0)
        {
            ReportStale($"The project declares HermeticGenerate item(s) {string.Join(", ", generators.Select(g => "'" + g.Name + "'"))} but has no stamp '{StampDisplay}', so nothing records what the output was generated from.",
                generators[0].Location);
        }

        foreach (var generator in generators)
        {
            var pinning = CheckPinning(generator);
            filesRead.UnionWith(pinning.ProgramFiles);
            foldersRead.UnionWith(pinning.ProgramFolders.Select(f => Path.TrimEndingDirectorySeparator(f) + Path.DirectorySeparatorChar));
            if (!pinning.IsPinned || stamp is null)
            {
                continue; // an unpinned generator is fixed first; its files are not known
            }

            var recorded = stamp.Find(generator.Name);
            if (recorded is null)
            {
                ReportStale($"Generator '{generator.Name}' has no entry in the stamp '{StampDisplay}': it was added since the output was last generated.", generator.Location);
                continue;
            }

            var current = GeneratorState.Current(generator, pinning, RepositoryRoot, stampPath, BuildEngine);
            foreach (var (sentence, location) in GeneratorState.Compare(recorded, current, generator))
            {
                ReportStale(sentence, location);
            }
        }

        foreach (var orphan in stamp?.Generators.Where(g => generators.All(d => !string.Equals(d.Name, g.Name, StringComparison.OrdinalIgnoreCase))) ?? [])
        {
            ReportStale($"The stamp records generator '{orphan.Name}', which the project no longer declares (its output folder '{orphan.OutputDirectory}' may remain).",
                LineOf(stampPath, orphan.Name));
        }

        FilesRead = [.. filesRead.Select(f => (ITaskItem)new Microsoft.Build.Utilities.TaskItem(f))];
        FoldersRead = [.. foldersRead.Select(f => (ITaskItem)new Microsoft.Build.Utilities.TaskItem(f))];
    }

    /// <summary>The line of the stamp that names a generator.</summary>
    private static SourceLocation LineOf(string stampPath, string name)
    {
        var lines = File.ReadAllLines(stampPath);
        var needle = "\"name\": " + System.Text.Json.JsonSerializer.Serialize(name);
        var index = Array.FindIndex(lines, l => l.Contains(needle, StringComparison.Ordinal));
        return index < 0 ? new SourceLocation(stampPath, 1, 1) : new SourceLocation(stampPath, index + 1, lines[index].IndexOf('"', StringComparison.Ordinal) + 1);
    }
}
