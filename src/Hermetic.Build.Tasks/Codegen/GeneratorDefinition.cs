using System.Xml.Linq;
using Hermetic.Build.Core;
using Hermetic.Build.MSBuildFiles;
using Microsoft.Build.Framework;

namespace Hermetic.Build.Codegen;

/// <summary>
/// One <c>HermeticGenerate</c> item, resolved: its name, its command as written, the project
/// folder it runs in, the folder it writes (full path), the input files its <c>Inputs</c> globs
/// match now, and where the item is written (for diagnostics).
/// </summary>
public sealed record GeneratorDefinition(
    string Name,
    string Command,
    string ProjectFile,
    string OutputDirectory,
    IReadOnlyList<string> InputFiles,
    SourceLocation Location)
{
    /// <summary>The project folder: generators run here, and stamp paths are relative to it.</summary>
    public string ProjectDirectory => Path.GetDirectoryName(ProjectFile)!;

    /// <summary>
    /// Reads the items as the targets pass them: <c>@(HermeticGenerate)</c> with <c>Command</c> and
    /// <c>OutputDirectory</c> metadata, and the expanded input files, each with a <c>Generator</c>
    /// metadata naming its item. Throws <see cref="HermeticInputException"/> for an item that
    /// cannot be run safely (no command, no output folder, an output folder that would swallow
    /// the project, the repository or an input).
    /// </summary>
    public static IReadOnlyList<GeneratorDefinition> FromItems(ITaskItem[] generators, ITaskItem[] inputs, string projectFile,
        string repositoryRoot, IBuildEngine? engine)
    {
        var projectDirectory = Path.GetDirectoryName(Path.GetFullPath(projectFile))!;
        var result = new List<GeneratorDefinition>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var item in generators)
        {
            var name = item.ItemSpec.Trim();
            var location = LocationOf(item, projectFile, engine);
            if (name.Length == 0 || name.IndexOfAny(['/', '\\', '"']) >= 0)
            {
                throw new HermeticInputException(location, $"the HermeticGenerate item '{name}' needs a plain name (no path separators or quotes)");
            }

            if (!names.Add(name))
            {
                throw new HermeticInputException(location, $"two HermeticGenerate items are named '{name}'; give each generator its own name");
            }

            var command = item.GetMetadata("Command").Trim();
            if (command.Length == 0)
            {
                throw new HermeticInputException(location, $"the HermeticGenerate item '{name}' has no Command metadata");
            }

            var outputSetting = item.GetMetadata("OutputDirectory").Trim();
            if (outputSetting.Length == 0)
            {
                throw new HermeticInputException(location, $"the HermeticGenerate item '{name}' has no OutputDirectory metadata");
            }

            var outputDirectory = Path.TrimEndingDirectorySeparator(Path.GetFullPath(Path.Combine(projectDirectory, outputSetting)));
            var inputFiles = inputs
                .Where(i => string.Equals(i.GetMetadata("Generator"), item.ItemSpec, StringComparison.OrdinalIgnoreCase))
                .Select(i => Path.GetFullPath(Path.Combine(projectDirectory, i.ItemSpec)))
                .Distinct(RepositoryPaths.Comparer)
                .ToList();
            var definition = new GeneratorDefinition(name, command, Path.GetFullPath(projectFile), outputDirectory, inputFiles, location);
            definition.Validate(repositoryRoot, outputSetting);
            result.Add(definition);
        }

        // One folder, one owner: the replace step of one generator would delete another's files.
        foreach (var group in result.GroupBy(g => g.OutputDirectory, RepositoryPaths.Comparer).Where(g => g.Count() > 1))
        {
            var first = group.First();
            throw new HermeticInputException(first.Location,
                $"the HermeticGenerate items {string.Join(" and ", group.Select(g => "'" + g.Name + "'"))} write the same OutputDirectory; give each generator a folder of its own");
        }

        foreach (var generator in result)
        {
            var nested = result.FirstOrDefault(other => other != generator && RepositoryPaths.IsUnder(other.OutputDirectory, generator.OutputDirectory));
            if (nested is not null)
            {
                throw new HermeticInputException(nested.Location,
                    $"the OutputDirectory of '{nested.Name}' lies inside the one of '{generator.Name}', whose regeneration would delete its files; use separate folders");
            }
        }

        return result;
    }

    private void Validate(string repositoryRoot, string outputSetting)
    {
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(repositoryRoot));
        string Problem(string what) => $"the OutputDirectory '{outputSetting}' of '{Name}' {what}; HermeticGenerate replaces everything in that folder, so it must be a folder of generated files only";
        if (!RepositoryPaths.IsUnder(OutputDirectory, root) || RepositoryPaths.Comparer.Equals(OutputDirectory, root))
        {
            throw new HermeticInputException(Location, Problem("is not a folder inside the repository"));
        }

        if (RepositoryPaths.IsUnder(ProjectDirectory, OutputDirectory))
        {
            throw new HermeticInputException(Location, Problem("holds the project itself"));
        }

        var input = InputFiles.FirstOrDefault(i => RepositoryPaths.IsUnder(i, OutputDirectory));
        if (input is not null)
        {
            throw new HermeticInputException(Location, Problem($"holds its input '{RepositoryPaths.Relative(ProjectDirectory, input)}'"));
        }

        var outside = InputFiles.FirstOrDefault(i => !RepositoryPaths.IsUnder(i, root));
        if (outside is not null)
        {
            throw new HermeticInputException(Location,
                $"the input '{outside}' of '{Name}' is outside the repository ({root}); a generator's inputs must be committed files");
        }
    }

    /// <summary>The <c>&lt;HermeticGenerate Include="…"&gt;</c> element that defines the item, or
    /// the project file when it cannot be found.</summary>
    public static SourceLocation LocationOf(ITaskItem item, string projectFile, IBuildEngine? engine)
    {
        var definingFile = item.GetMetadata("DefiningProjectFullPath");
        if (string.IsNullOrEmpty(definingFile) || !File.Exists(definingFile))
        {
            return new SourceLocation(projectFile);
        }

        try
        {
            var file = BuildCache.GetForFile(engine, "msbuild-file", definingFile, MSBuildFile.Load);
            var element = file.Document.Descendants()
                .Where(e => e.Name.LocalName == "HermeticGenerate")
                .FirstOrDefault(e => ((string?)e.Attribute("Include") ?? string.Empty)
                    .Split(';', StringSplitOptions.TrimEntries)
                    .Contains(item.ItemSpec, StringComparer.OrdinalIgnoreCase));
            return element is null ? new SourceLocation(definingFile) : file.LocationOf(element);
        }
        catch (HermeticInputException)
        {
            return new SourceLocation(definingFile);
        }
    }
}

/// <summary>Path helpers with the file system's case rules; stamp paths use '/'.</summary>
public static class RepositoryPaths
{
    public static StringComparer Comparer => PathComparison.Comparer;

    private static StringComparison Comparison => PathComparison.Comparison;

    /// <summary>Whether <paramref name="path"/> is <paramref name="directory"/> or lies below it.</summary>
    public static bool IsUnder(string path, string directory)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        var folder = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        return full.Equals(folder, Comparison)
               || full.StartsWith(folder + Path.DirectorySeparatorChar, Comparison)
               || (Path.DirectorySeparatorChar != '/' && full.StartsWith(folder + "/", Comparison));
    }

    /// <summary><paramref name="path"/> relative to <paramref name="baseDirectory"/>, with '/'.</summary>
    public static string Relative(string baseDirectory, string path) =>
        Path.GetRelativePath(baseDirectory, path).Replace('\\', '/');
}
