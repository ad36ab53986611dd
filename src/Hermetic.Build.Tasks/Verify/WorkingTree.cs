using Hermetic.Build.Infrastructure;

namespace Hermetic.Build.Verify;

/// <summary>
/// The repository as VerifyHermetic sees it: its work tree root, HEAD, the tracked files and what
/// is uncommitted. Copies hold the tracked files as they are in the work tree (uncommitted changes
/// included, untracked files left out) and a git directory whose HEAD is the same commit, so that
/// whatever the build derives from git (the commit in the informational version, source link) is
/// what a fresh clone would give.
/// </summary>
public sealed class WorkingTree
{
    private WorkingTree(string topLevel, string? head, string? branch, IReadOnlyList<string> trackedFiles,
        IReadOnlyList<string> changes, IReadOnlyList<string> untracked, IReadOnlyList<KeyValuePair<string, string>> remotes)
    {
        TopLevel = topLevel;
        Head = head;
        Branch = branch;
        TrackedFiles = trackedFiles;
        Changes = changes;
        Untracked = untracked;
        Remotes = remotes;
    }

    /// <summary>The work tree root, with a trailing separator.</summary>
    public string TopLevel { get; }

    /// <summary>The commit HEAD names; null before the first commit.</summary>
    public string? Head { get; }

    public string? Branch { get; }

    /// <summary>Tracked paths, relative to <see cref="TopLevel"/> with '/'.</summary>
    public IReadOnlyList<string> TrackedFiles { get; }

    /// <summary>Tracked paths with uncommitted changes (staged or not).</summary>
    public IReadOnlyList<string> Changes { get; }

    /// <summary>Untracked paths that are not ignored: a copy leaves them out.</summary>
    public IReadOnlyList<string> Untracked { get; }

    public IReadOnlyList<KeyValuePair<string, string>> Remotes { get; }

    public bool IsDirty => Changes.Count > 0 || Untracked.Count > 0;

    /// <summary>Reads the work tree holding <paramref name="directory"/>; throws HermeticInputException without git or a work tree.
    /// <paramref name="ignoreUntracked"/> gets the full path of each untracked file: true leaves it out of <see cref="Untracked"/>.</summary>
    public static WorkingTree Read(string directory, Func<string, bool> ignoreUntracked)
    {
        var topLevelResult = RunGit(directory, "rev-parse", "--show-toplevel");
        if (!topLevelResult.Succeeded)
        {
            throw new HermeticInputException(new SourceLocation(directory),
                "VerifyHermetic copies the repository's tracked files, so it needs a git work tree and the git command; 'git rev-parse --show-toplevel' said: "
                + FirstLine(topLevelResult.Error));
        }

        var topLevel = Path.TrimEndingDirectorySeparator(Path.GetFullPath(topLevelResult.Output.Trim())) + Path.DirectorySeparatorChar;
        var head = RunGit(topLevel, "rev-parse", "--verify", "-q", "HEAD^{commit}");
        var branch = RunGit(topLevel, "symbolic-ref", "-q", "HEAD");
        var files = RunGitChecked(topLevel, "ls-files", "-z", "--cached");
        var status = RunGitChecked(topLevel, "status", "--porcelain=v1", "-z", "--untracked-files=all", "--ignore-submodules=all");
        var remotes = RunGit(topLevel, "config", "--local", "--get-regexp", @"^remote\..*\.url$");

        var tracked = files.Output.Split('\0', StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToList();
        var changes = new List<string>();
        var untracked = new List<string>();
        var entries = status.Output.Split('\0');
        for (var i = 0; i < entries.Length; i++)
        {
            var entry = entries[i];
            if (entry.Length < 4)
            {
                continue;
            }

            var path = entry[3..];
            if (entry.StartsWith("??", StringComparison.Ordinal))
            {
                if (!ignoreUntracked(Path.GetFullPath(path, topLevel)))
                {
                    untracked.Add(path);
                }

                continue;
            }

            changes.Add(path);
            if (entry[0] is 'R' or 'C')
            {
                i++; // a rename's source path follows
            }
        }

        var remoteUrls = remotes.Succeeded
            ? remotes.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => line.Split(' ', 2))
                .Where(parts => parts.Length == 2)
                .Select(parts => new KeyValuePair<string, string>(parts[0]["remote.".Length..^".url".Length], parts[1].Trim()))
                .ToList()
            : [];

        return new WorkingTree(topLevel, head.Succeeded ? head.Output.Trim() : null,
            branch.Succeeded ? branch.Output.Trim() : null, tracked, changes, untracked, remoteUrls);
    }

    /// <summary>
    /// Writes a copy at <paramref name="destination"/> (new or empty): a git directory sharing
    /// this repository's objects with HEAD at the same commit and branch and the same remote URLs,
    /// and the tracked files as they are in the work tree. Returns how many files were copied.
    /// </summary>
    public int CopyTo(string destination)
    {
        Directory.CreateDirectory(destination);
        RunGitChecked(destination, "init", "-q");
        if (Head is not null)
        {
            // The copy borrows the repository's objects (alternates: nothing of the history is
            // copied) and, for a shallow clone such as a CI checkout, its shallow boundary.
            var gitDirectory = RunGitChecked(destination, "rev-parse", "--git-dir").Output.Trim();
            gitDirectory = Path.GetFullPath(gitDirectory, destination);
            var objects = Path.GetFullPath(RunGitChecked(TopLevel, "rev-parse", "--git-path", "objects").Output.Trim(), TopLevel);
            File.WriteAllText(Path.Combine(gitDirectory, "objects", "info", "alternates"), objects + "\n");
            var shallow = Path.GetFullPath(RunGitChecked(TopLevel, "rev-parse", "--git-path", "shallow").Output.Trim(), TopLevel);
            if (File.Exists(shallow))
            {
                File.Copy(shallow, Path.Combine(gitDirectory, "shallow"));
            }

            foreach (var (name, url) in Remotes)
            {
                RunGitChecked(destination, "config", "--local", $"remote.{name}.url", url);
            }

            if (Branch is not null)
            {
                RunGitChecked(destination, "update-ref", Branch, Head);
                RunGitChecked(destination, "symbolic-ref", "HEAD", Branch);
            }
            else
            {
                RunGitChecked(destination, "update-ref", "--no-deref", "HEAD", Head);
            }

            RunGitChecked(destination, "read-tree", Head);
        }

        var copied = 0;
        var gate = new object();
        Parallel.ForEach(TrackedFiles, new ParallelOptions { MaxDegreeOfParallelism = 4 }, relative =>
        {
            var source = Path.Combine(TopLevel, relative);
            var target = Path.Combine(destination, relative);
            var info = new FileInfo(source);
            if (info.LinkTarget is { } linkTarget)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.CreateSymbolicLink(target, linkTarget);
            }
            else if (info.Exists)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(source, target);
            }
            else
            {
                return; // deleted in the work tree (or a submodule's folder): verified as it is
            }

            lock (gate)
            {
                copied++;
            }
        });

        if (Head is not null)
        {
            RunGit(destination, "update-index", "-q", "--refresh"); // stat data of the copied files; exit code 1 only says "changed"
        }

        return copied;
    }

    /// <summary>Up to <paramref name="count"/> paths of what is uncommitted, for a message.</summary>
    public string DescribeChanges(int count = 5)
    {
        var parts = new List<string>();
        if (Changes.Count > 0)
        {
            parts.Add($"{Changes.Count} changed tracked file(s): {Sample(Changes, count)}");
        }

        if (Untracked.Count > 0)
        {
            parts.Add($"{Untracked.Count} untracked file(s) not copied: {Sample(Untracked, count)}");
        }

        return string.Join("; ", parts);
    }

    private static string Sample(IReadOnlyList<string> paths, int count) =>
        string.Join(", ", paths.Take(count)) + (paths.Count > count ? ", …" : string.Empty);

    private static GitResult RunGitChecked(string directory, params string[] arguments)
    {
        var result = RunGit(directory, arguments);
        if (!result.Succeeded)
        {
            throw new HermeticInputException(new SourceLocation(directory),
                $"'git {string.Join(' ', arguments)}' failed with exit code {result.ExitCode}: {FirstLine(result.Error)}");
        }

        return result;
    }

    private static string FirstLine(string text)
    {
        var line = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        return string.IsNullOrEmpty(line) ? "(no message)" : line;
    }

    /// <summary>Runs git reading only repository-local configuration (<see cref="Git.Run"/>).</summary>
    public static GitResult RunGit(string directory, params string[] arguments) => Git.Run(directory, arguments);
}
