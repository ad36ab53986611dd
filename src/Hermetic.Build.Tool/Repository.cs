using Hermetic.Build.SourceControl;
using Hermetic.Build.Core;

namespace Hermetic.Build.Tool;

/// <summary>
/// The repository a command works on, found as Hermetic.Build finds it: <c>HermeticRoot</c> is the
/// folder holding global.json (from the given folder up to the git work tree root), else the git
/// work tree root; a repository whose global.json and solution sit in one subfolder has its root there.
/// </summary>
public sealed class Repository
{
    private static readonly HashSet<string> SkippedFolders = new(StringComparer.OrdinalIgnoreCase)
    {
        "bin", "obj", ".git", ".vs", "node_modules", "artifacts", "packages", "vendor", "TestResults",
    };

    private Repository(string root, string? gitRoot, string rootReason)
    {
        Root = root;
        GitRoot = gitRoot;
        RootReason = rootReason;
    }

    /// <summary>The repository root (full path, no trailing separator).</summary>
    public string Root { get; }

    /// <summary>The git work tree root, or null outside git.</summary>
    public string? GitRoot { get; }

    /// <summary>Why <see cref="Root"/> is the root.</summary>
    public string RootReason { get; }

    public string RootWithSeparator => Root + Path.DirectorySeparatorChar;

    public static Repository Find(string folder)
    {
        var start = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
        if (!Directory.Exists(start))
        {
            throw new HermeticInputException(new SourceLocation(start), "the folder does not exist");
        }

        var gitRoot = Git.FindWorkTree(start);
        gitRoot = string.IsNullOrEmpty(gitRoot) ? null : Path.TrimEndingDirectorySeparator(Path.GetFullPath(gitRoot));
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "global.json")))
            {
                return new Repository(directory.FullName, gitRoot, "the folder holding global.json");
            }

            if (gitRoot is not null && string.Equals(directory.FullName, gitRoot, StringComparison.Ordinal))
            {
                break;
            }
        }

        // No global.json above: a single one below (global.json and the solution in a subfolder), else the top.
        var below = EnumerateFiles(start, "global.json").ToList();
        if (below.Count == 1)
        {
            return new Repository(Path.GetDirectoryName(below[0])!, gitRoot, "the folder holding global.json");
        }

        return gitRoot is not null
            ? new Repository(gitRoot, gitRoot, "the git work tree root (no global.json yet)")
            : new Repository(start, null, "the folder given (not a git work tree)");
    }

    /// <summary>The solutions at the root, else the solutions below it, else the projects.</summary>
    public IReadOnlyList<string> BuildEntryPoints()
    {
        var solutions = Directory.EnumerateFiles(Root).Where(IsSolution).Order(StringComparer.Ordinal).ToList();
        if (solutions.Count == 0)
        {
            solutions = [.. EnumerateFiles(Root, "*.sln*").Where(IsSolution).Order(StringComparer.Ordinal)];
        }

        return solutions.Count > 0 ? solutions : Projects();
    }

    /// <summary>Every project file of the repository (not under bin, obj, vendor…).</summary>
    public IReadOnlyList<string> Projects() =>
        [.. new[] { "*.csproj", "*.fsproj", "*.vbproj" }.SelectMany(p => EnumerateFiles(Root, p)).Order(StringComparer.Ordinal)];

    public string Relative(string path) => Path.GetRelativePath(Root, path).Replace('\\', '/');

    private static bool IsSolution(string path) =>
        path.EndsWith(".sln", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".slnx", StringComparison.OrdinalIgnoreCase);

    private static IEnumerable<string> EnumerateFiles(string folder, string pattern)
    {
        var pending = new Stack<string>([folder]);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            IEnumerable<string> files, folders;
            try
            {
                files = Directory.EnumerateFiles(current, pattern).ToList();
                folders = Directory.EnumerateDirectories(current).ToList();
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }

            foreach (var file in files)
            {
                yield return file;
            }

            foreach (var sub in folders.Where(f => !SkippedFolders.Contains(Path.GetFileName(f)) && !Path.GetFileName(f).StartsWith('.')))
            {
                pending.Push(sub);
            }
        }
    }
}
