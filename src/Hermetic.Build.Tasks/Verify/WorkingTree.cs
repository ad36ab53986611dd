using Hermetic.Build.SourceControl;
using Hermetic.Build.Core;
using LibGit2Sharp;

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

    /// <summary>Reads the work tree holding <paramref name="directory"/>; throws HermeticInputException outside a work tree
    /// (or when libgit2 cannot load). <paramref name="ignoreUntracked"/> gets the full path of each untracked file: true leaves it
    /// out of <see cref="Untracked"/>.</summary>
    public static WorkingTree Read(string directory, Func<string, bool> ignoreUntracked) => Git.Invoke(directory, () =>
    {
        using var repository = Git.TryOpen(directory);
        if (repository?.Info.WorkingDirectory is not { } workDirectory)
        {
            throw new HermeticInputException(new SourceLocation(directory),
                "VerifyHermetic copies the repository's tracked files, so it needs a git work tree, and '" + directory + "' is in none");
        }

        var topLevel = Path.TrimEndingDirectorySeparator(Path.GetFullPath(workDirectory)) + Path.DirectorySeparatorChar;
        var head = repository.Head.Tip?.Sha;
        var branch = (repository.Refs.Head as SymbolicReference)?.TargetIdentifier;
        var tracked = repository.Index.Select(entry => GitPath(entry.Path)).Distinct(StringComparer.Ordinal).ToList();

        var changes = new List<string>();
        var untracked = new List<string>();
        var status = repository.RetrieveStatus(new StatusOptions
        {
            IncludeUntracked = true,
            RecurseUntrackedDirs = true,
            IncludeIgnored = false,
            ExcludeSubmodules = true,
            DetectRenamesInIndex = false,
            DetectRenamesInWorkDir = false,
        });
        foreach (var entry in status)
        {
            var path = GitPath(entry.FilePath);
            if (entry.State == FileStatus.NewInWorkdir)
            {
                if (!ignoreUntracked(Path.GetFullPath(path, topLevel)))
                {
                    untracked.Add(path);
                }
            }
            else if (entry.State is not (FileStatus.Ignored or FileStatus.Unaltered))
            {
                changes.Add(path);
            }
        }

        var remotes = repository.Network.Remotes
            .Where(remote => !string.IsNullOrEmpty(remote.Url))
            .Select(remote => new KeyValuePair<string, string>(remote.Name, remote.Url))
            .ToList();
        return new WorkingTree(topLevel, head, branch, tracked, changes, untracked, remotes);
    });

    /// <summary>
    /// Writes a copy at <paramref name="destination"/> (new or empty): a git directory sharing
    /// this repository's objects with HEAD at the same commit and branch and the same remote URLs,
    /// and the tracked files as they are in the work tree: those unchanged since HEAD written from
    /// the object database (as a clone checks them out), those with uncommitted changes copied
    /// from the work tree. Returns how many tracked files the copy holds.
    /// </summary>
    public int CopyTo(string destination) => Git.Invoke(destination, () =>
    {
        Directory.CreateDirectory(destination);
        var gitDirectory = Repository.Init(destination);
        using (var source = Git.TryOpen(TopLevel) ?? throw new HermeticInputException(new SourceLocation(TopLevel), "the git work tree is gone"))
        {
            // The copy borrows the repository's objects (alternates: nothing of the history is
            // copied) and, for a shallow clone such as a CI checkout, its shallow boundary. A linked
            // worktree keeps them in the common git directory.
            var common = CommonGitDirectory(source.Info.Path);
            File.WriteAllText(Path.Combine(gitDirectory, "objects", "info", "alternates"), Path.Combine(common, "objects") + "\n");
            var shallow = Path.Combine(common, "shallow");
            if (File.Exists(shallow))
            {
                File.Copy(shallow, Path.Combine(gitDirectory, "shallow"));
            }

            using var copy = new Repository(gitDirectory);
            // Line endings as the repository checks files out (its own settings; .gitattributes travels with the files).
            foreach (var key in new[] { "core.autocrlf", "core.eol", "core.symlinks" })
            {
                if (source.Config.Get<string>(key, ConfigurationLevel.Local) is { } setting)
                {
                    copy.Config.Set(key, setting.Value, ConfigurationLevel.Local);
                }
            }

            foreach (var (name, url) in Remotes)
            {
                copy.Config.Set($"remote.{name}.url", url, ConfigurationLevel.Local);
            }

            if (Head is not null)
            {
                var commit = copy.Lookup<Commit>(Head)
                    ?? throw new HermeticInputException(new SourceLocation(TopLevel), $"HEAD's commit {Head} is not in the object database");
                if (Branch is not null)
                {
                    copy.Refs.Add(Branch, commit.Id, allowOverwrite: true);
                    copy.Refs.UpdateTarget("HEAD", Branch);
                }
                else
                {
                    copy.Refs.Add("HEAD", commit.Id, allowOverwrite: true);
                }

                // Index and files of HEAD from the object database.
                copy.Reset(ResetMode.Hard, commit);
            }
        }

        // What differs from HEAD comes from the work tree: changed, staged and deleted files.
        var fromWorkTree = Head is null ? TrackedFiles : Changes;
        Parallel.ForEach(fromWorkTree, new ParallelOptions { MaxDegreeOfParallelism = 4 }, relative => CopyFromWorkTree(relative, destination));

        return TrackedFiles.Count(relative =>
        {
            var target = new FileInfo(Path.Combine(destination, relative));
            return target.Exists || target.LinkTarget is not null;
        });
    });

    /// <summary>Tracked paths of the work tree at <paramref name="directory"/> that differ from its index or HEAD
    /// (changed, added to the index or deleted; untracked files are not listed).</summary>
    public static IReadOnlyList<string> ChangedTrackedFiles(string directory) => Git.Invoke(directory, () =>
    {
        using var repository = Git.TryOpen(directory)
            ?? throw new HermeticInputException(new SourceLocation(directory), "it is not in a git work tree");
        return repository.RetrieveStatus(new StatusOptions { IncludeUntracked = false, ExcludeSubmodules = true })
            .Where(entry => entry.State is not (FileStatus.Ignored or FileStatus.Unaltered or FileStatus.NewInWorkdir))
            .Select(entry => GitPath(entry.FilePath))
            .ToList();
    });

    private void CopyFromWorkTree(string relative, string destination)
    {
        var source = Path.Combine(TopLevel, relative);
        var target = Path.Combine(destination, relative);
        var info = new FileInfo(source);
        if (File.Exists(target) || new FileInfo(target).LinkTarget is not null)
        {
            File.Delete(target);
        }

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

        // Otherwise deleted in the work tree (or a submodule's folder): verified as it is.
    }

    /// <summary>The git directory that holds the objects: a linked worktree's names it in its commondir file.</summary>
    private static string CommonGitDirectory(string gitDirectory)
    {
        var commonFile = Path.Combine(gitDirectory, "commondir");
        return File.Exists(commonFile)
            ? Path.GetFullPath(File.ReadAllText(commonFile).Trim(), gitDirectory)
            : Path.TrimEndingDirectorySeparator(gitDirectory);
    }

    /// <summary>libgit2 gives paths with the platform's separator; git's are '/'.</summary>
    private static string GitPath(string path) => Path.DirectorySeparatorChar == '\\' ? path.Replace('\\', '/') : path;

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
}
