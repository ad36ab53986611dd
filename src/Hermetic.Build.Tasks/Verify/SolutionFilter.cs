using System.Text.Json;
using Hermetic.Build.Core;

namespace Hermetic.Build.Verify;

/// <summary>
/// A solution filter (<c>.slnf</c>): the solution it filters and the projects of it that are built.
/// MSBuild hands the projects of a filtered build the solution behind the filter (<c>SolutionPath</c>)
/// and nothing that names the filter, so VerifyHermetic reads the filter itself when
/// <c>HermeticVerifyEntryPoint</c> names one: each copy then builds the filter, never the whole solution.
/// </summary>
public sealed record SolutionFilter(string FilterPath, string SolutionPath, IReadOnlyList<string> Projects)
{
    /// <summary>Whether <paramref name="path"/> names a solution filter (MSBuild goes by the extension too).</summary>
    public static bool IsFilter(string path) => path.EndsWith(".slnf", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether <paramref name="path"/> names a solution (<c>.sln</c> or <c>.slnx</c>).</summary>
    public static bool IsSolution(string path) =>
        path.EndsWith(".sln", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".slnx", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Reads <c>solution.path</c> and <c>solution.projects</c> as MSBuild does (comments and trailing commas
    /// allowed, paths relative to the filter's folder and the solution's folder, either separator). Anything
    /// else is a <see cref="HermeticInputException"/> naming the file (HB0001).
    /// </summary>
    public static SolutionFilter Read(string path)
    {
        var location = new SourceLocation(path);
        if (!File.Exists(path))
        {
            throw new HermeticInputException(location, "the solution filter does not exist");
        }

        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new HermeticInputException(location, "the solution filter cannot be read (" + e.Message.TrimEnd('.') + ")", e);
        }

        // As MSBuild reads a filter: comments and trailing commas allowed.
        using var document = Locks.LockJson.Parse(path, bytes,
            new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        if (document.RootElement.ValueKind != JsonValueKind.Object
            || !document.RootElement.TryGetProperty("solution", out var solution) || solution.ValueKind != JsonValueKind.Object)
        {
            throw new HermeticInputException(location, "a solution filter is a JSON object with a 'solution' object; this one has none");
        }

        if (!solution.TryGetProperty("path", out var solutionPath) || solutionPath.ValueKind != JsonValueKind.String
            || string.IsNullOrWhiteSpace(solutionPath.GetString()))
        {
            throw new HermeticInputException(location, "'solution.path' must be a string naming the solution the filter applies to");
        }

        var solutionValue = solutionPath.GetString()!.Trim();
        var relativeSolution = solutionValue.Replace('\\', '/');
        if (Path.IsPathRooted(relativeSolution) || (relativeSolution.Length > 1 && relativeSolution[1] == ':'))
        {
            // Each verification copy must build its own solution, never the one of the repository it came from.
            throw new HermeticInputException(location, $"'solution.path' is the absolute path '{solutionValue}'; "
                + "VerifyHermetic builds copies of the repository, so it must be relative to the filter's folder");
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var fullSolution = Path.GetFullPath(relativeSolution, folder);
        if (!IsSolution(fullSolution) || !File.Exists(fullSolution))
        {
            throw new HermeticInputException(location, $"'solution.path' is '{solutionValue}', which names no solution file (.sln, .slnx) at '{fullSolution}'");
        }

        if (!solution.TryGetProperty("projects", out var projects) || projects.ValueKind != JsonValueKind.Array)
        {
            throw new HermeticInputException(location, "'solution.projects' must be an array of the project paths the filter builds");
        }

        var list = new List<string>();
        foreach (var project in projects.EnumerateArray())
        {
            if (project.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(project.GetString()))
            {
                throw new HermeticInputException(location, "'solution.projects' holds an entry that is not a project path");
            }

            list.Add(project.GetString()!.Trim().Replace('\\', '/'));
        }

        if (list.Count == 0)
        {
            throw new HermeticInputException(location, "'solution.projects' is empty: the filter builds nothing, so there is nothing to verify");
        }

        return new SolutionFilter(Path.GetFullPath(path), fullSolution, list);
    }

    /// <summary>The filtered projects' full paths: a filter names them relative to the solution's folder.</summary>
    public IEnumerable<string> ProjectPaths() => Projects.Select(p => Path.GetFullPath(p, Path.GetDirectoryName(SolutionPath)!));

    /// <summary>The tracked solution filters (relative to <paramref name="topLevel"/>, with '/') that filter <paramref name="solution"/>;
    /// a filter that cannot be read is left out (only a hint is made of them).</summary>
    public static IReadOnlyList<string> FiltersOf(string solution, string topLevel, IEnumerable<string> trackedFiles)
    {
        var filters = new List<string>();
        foreach (var tracked in trackedFiles.Where(IsFilter))
        {
            try
            {
                if (PathComparison.Equal(Read(Path.Combine(topLevel, tracked)).SolutionPath, Path.GetFullPath(solution)))
                {
                    filters.Add(tracked);
                }
            }
            catch (HermeticInputException)
            {
                // Not the entry point: its errors are for whoever builds it.
            }
        }

        return filters;
    }
}
