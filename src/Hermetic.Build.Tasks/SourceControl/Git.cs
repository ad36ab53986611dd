using System.Runtime.InteropServices;
using LibGit2Sharp;

using Hermetic.Build.Core;

namespace Hermetic.Build.SourceControl;

/// <summary>HEAD of a repository: the commit (null before the first one) and its committer time in Unix seconds.</summary>
public sealed record GitHead(string? Commit, long? CommitTime);

/// <summary>
/// git through libgit2 (LibGit2Sharp), so that neither a build nor VerifyHermetic needs a git
/// executable. Only repository-local state is read: the system, global and XDG configs are out of
/// libgit2's search path, so a CI machine's settings cannot change an answer, and a checkout owned
/// by another user (CI containers) is read as any other (git's safe.directory=*; we only read).
/// A libgit2 that cannot load on this platform, or a repository it cannot read, is a
/// <see cref="HermeticInputException"/> (HB0001), never a stack trace.
/// </summary>
public static class Git
{
    private static readonly object ConfigureGate = new();
    private static bool _configured;

    /// <summary>The work tree root holding <paramref name="directory"/>, with a trailing separator; null outside one (or in a bare repository).</summary>
    public static string? FindWorkTree(string directory) =>
        Invoke(directory, () =>
        {
            using var repository = TryOpen(directory);
            return repository?.Info.WorkingDirectory is { } workTree
                ? Path.TrimEndingDirectorySeparator(Path.GetFullPath(workTree)) + Path.DirectorySeparatorChar
                : null;
        });

    /// <summary>HEAD of the repository holding <paramref name="directory"/>; null outside a repository.</summary>
    public static GitHead? ReadHead(string directory) =>
        Invoke(directory, () =>
        {
            using var repository = TryOpen(directory);
            if (repository is null)
            {
                return null;
            }

            var tip = repository.Head.Tip;
            return tip is null ? new GitHead(null, null) : new GitHead(tip.Sha, tip.Committer.When.ToUnixTimeSeconds());
        });

    /// <summary>Whether the work tree differs from HEAD: tracked files changed (staged or not) or
    /// untracked files that are not ignored (as <c>git status --porcelain</c> is non-empty).</summary>
    public static bool IsDirty(string directory) =>
        Invoke(directory, () =>
        {
            using var repository = TryOpen(directory);
            if (repository is null || repository.Info.IsBare)
            {
                return false;
            }

            // Status never writes the index (as git's --no-optional-locks): builds run in parallel.
            return repository.RetrieveStatus(new StatusOptions
            {
                IncludeUntracked = true,
                RecurseUntrackedDirs = false,
                IncludeIgnored = false,
                DetectRenamesInIndex = false,
                DetectRenamesInWorkDir = false,
            }).IsDirty;
        });

    /// <summary>What differs from HEAD, as <c>git status --porcelain</c> lists it: tracked files changed
    /// (staged or not) and untracked files that are not ignored, relative to the work tree root with '/'.
    /// <paramref name="recurseUntracked"/>: each untracked file rather than its folder. Empty outside a repository.</summary>
    public static IReadOnlyList<string> ChangedPaths(string directory, bool recurseUntracked) =>
        Invoke(directory, () =>
        {
            using var repository = TryOpen(directory);
            if (repository is null || repository.Info.IsBare)
            {
                return (IReadOnlyList<string>)[];
            }

            return repository.RetrieveStatus(new StatusOptions { IncludeUntracked = true, RecurseUntrackedDirs = recurseUntracked, IncludeIgnored = false })
                .Where(entry => entry.State is not (FileStatus.Ignored or FileStatus.Unaltered))
                .Select(entry => Path.DirectorySeparatorChar == '\\' ? entry.FilePath.Replace('\\', '/') : entry.FilePath)
                .ToList();
        });

    /// <summary>Whether <paramref name="relativePath"/> ('/', relative to the work tree root) is in the index.</summary>
    public static bool IsTracked(string directory, string relativePath) =>
        Invoke(directory, () =>
        {
            using var repository = TryOpen(directory);
            return repository?.Index[relativePath] is not null;
        });

    /// <summary>Whether git's ignore rules ignore <paramref name="relativePath"/> ('/', relative to the work tree root).</summary>
    public static bool IsIgnored(string directory, string relativePath) =>
        Invoke(directory, () =>
        {
            using var repository = TryOpen(directory);
            return repository is not null && repository.Ignore.IsPathIgnored(relativePath);
        });

    /// <summary>
    /// Opens the repository holding <paramref name="directory"/> (searching upwards), or null when
    /// there is none. Call inside <see cref="Invoke{T}"/> so that load and read failures become HB0001.
    /// </summary>
    public static Repository? TryOpen(string directory)
    {
        Configure();
        if (!Directory.Exists(directory))
        {
            return null;
        }

        string? gitDirectory;
        try
        {
            gitDirectory = Repository.Discover(directory);
        }
        catch (LibGit2SharpException e) when (!IsLoadFailure(e))
        {
            return null; // a '.git' file that names no git directory: as git says, not a repository
        }

        try
        {
            return gitDirectory is null ? null : new Repository(gitDirectory);
        }
        catch (RepositoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Runs <paramref name="read"/>, turning libgit2's load and read failures into
    /// HermeticInputException at <paramref name="location"/>.</summary>
    public static T Invoke<T>(string location, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (IsLoadFailure(e))
        {
            throw new HermeticInputException(new SourceLocation(location), DescribeLoadFailure(e), e);
        }
        catch (LibGit2SharpException e)
        {
            throw new HermeticInputException(new SourceLocation(location), "git (libgit2) could not read the repository: " + e.Message, e);
        }
    }

    /// <summary>Whether <paramref name="e"/> says the native libgit2 (or its managed wrapper) could not be loaded.</summary>
    public static bool IsLoadFailure(Exception e) => e switch
    {
        DllNotFoundException or BadImageFormatException or EntryPointNotFoundException => true,
        FileNotFoundException file => file.FileName?.Contains("LibGit2Sharp", StringComparison.OrdinalIgnoreCase) == true,
        TypeInitializationException { InnerException: { } inner } => IsLoadFailure(inner),
        _ => false,
    };

    /// <summary>The HB0001 reason for a libgit2 that did not load: the platform, and what to do.</summary>
    public static string DescribeLoadFailure(Exception e)
    {
        var innermost = e;
        while (innermost is TypeInitializationException { InnerException: { } inner })
        {
            innermost = inner;
        }

        return $"libgit2, the native git library that ships in the Hermetic.Build package (tasks/net10.0/runtimes/<rid>/native/), "
            + $"could not be loaded on this platform ({RuntimeInformation.RuntimeIdentifier}, {RuntimeInformation.OSDescription.Trim()}, "
            + $"{RuntimeInformation.ProcessArchitecture}): {FirstLine(innermost.Message)}. The package carries libgit2 for "
            + "linux-x64, linux-arm64, linux-arm, linux-ppc64le, linux-musl-x64, linux-musl-arm64, linux-musl-arm, osx-x64, osx-arm64, "
            + "win-x64, win-x86 and win-arm64; on another platform set HermeticMode=Off, or report the platform";
    }

    // The loader's message lists every path it tried, one a line: the first line says what failed.
    private static string FirstLine(string message) =>
        message.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.TrimEnd('.', ':') ?? "(no message)";

    private static void Configure()
    {
        if (_configured)
        {
            return;
        }

        lock (ConfigureGate)
        {
            if (_configured)
            {
                return;
            }

            // Only the repository's own configuration: no system, global or XDG files.
            foreach (var level in new[] { ConfigurationLevel.System, ConfigurationLevel.Global, ConfigurationLevel.Xdg, ConfigurationLevel.ProgramData })
            {
                GlobalSettings.SetConfigSearchPaths(level, []);
            }

            GlobalSettings.SetOwnerValidation(false);
            _configured = true;
        }
    }
}
