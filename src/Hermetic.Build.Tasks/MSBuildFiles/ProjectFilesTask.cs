using Hermetic.Build.Core;
using Microsoft.Build.Framework;

namespace Hermetic.Build.MSBuildFiles;

/// <summary>A check that reads the project file and the repository files it imports.</summary>
public abstract class ProjectFilesTask : HermeticTask
{
    /// <summary>The project file, <c>$(MSBuildProjectFullPath)</c>.</summary>
    [Required]
    public string ProjectFile { get; set; } = string.Empty;

    /// <summary><c>$(HermeticRoot)</c>: imported files inside it are read, others are not.</summary>
    [Required]
    public string RepositoryRoot { get; set; } = string.Empty;

    /// <summary>
    /// The files MSBuild evaluates for this project from the repository, in evaluation order
    /// (Directory.Build.props, Directory.Packages.props, the project, Directory.Build.targets);
    /// their imports are followed.
    /// </summary>
    public ITaskItem[] ProjectFiles { get; set; } = [];

    /// <summary>Every repository file the check read: an input of the next build's up-to-date check.</summary>
    [Output]
    public ITaskItem[] FilesRead { get; private set; } = [];

    /// <summary>
    /// Wildcard imports and imported paths that did not exist: the targets glob them again before
    /// the next build, so that a file which would now be imported makes the checks run.
    /// </summary>
    [Output]
    public ITaskItem[] ImportProbes { get; private set; } = [];

    protected IEnumerable<EvaluatedElement> ElementsInEvaluationOrder()
    {
        var read = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var probes = new ImportProbes();
        foreach (var element in Walk(probes))
        {
            if (seen.Add(element.File.Path))
            {
                read.Add(element.File.Path);
            }

            yield return element;
        }

        FilesRead = [.. read.Select(path => (ITaskItem)new Microsoft.Build.Utilities.TaskItem(path))];
        ImportProbes = [.. probes.Patterns.Select(pattern => (ITaskItem)new Microsoft.Build.Utilities.TaskItem(pattern))];
    }

    private IEnumerable<EvaluatedElement> Walk(ImportProbes probes)
    {
        var properties = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["MSBuildProjectDirectory"] = Path.GetDirectoryName(Path.GetFullPath(ProjectFile))!,
            ["MSBuildProjectFullPath"] = Path.GetFullPath(ProjectFile),
            ["MSBuildProjectName"] = Path.GetFileNameWithoutExtension(ProjectFile),
            ["HermeticRoot"] = RepositoryRoot,
        };
        var roots = ProjectFiles.Length > 0 ? ProjectFiles.Select(i => i.ItemSpec) : [ProjectFile];
        return ImportGraph.Walk(BuildEngine, roots, RepositoryRoot, properties, probes);
    }
}
