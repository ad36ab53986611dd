using Hermetic.Build.SourceControl;
using System.Globalization;
using System.Runtime.InteropServices;
using Hermetic.Build.Determinism;
using Hermetic.Build.Core;
using Hermetic.Build.Tests.TestSupport;

namespace Hermetic.Build.Tests;

/// <summary>git through libgit2: HEAD, its commit time, the dirty flag, and a libgit2 that cannot load as HB0001.</summary>
public sealed class GitTests
{
    [Fact]
    public void HEAD_and_its_commit_time_are_what_git_says()
    {
        using var temp = new TempDirectory();
        var repository = temp.CreateDirectory("repo");
        temp.Write("repo/a.txt", "one");
        GitProcess.Check(repository, "init", "-q");
        GitProcess.Check(repository, "add", "-A");
        GitProcess.Check(repository, "-c", "core.hooksPath=/dev/null", "commit", "-q", "-m", "first", "--date", "2001-02-03T04:05:06Z");
        var expected = GitProcess.Check(repository, "log", "-1", "--format=%H %ct", "HEAD").Trim().Split(' ');

        var head = Git.ReadHead(temp.CreateDirectory("repo/sub/folder"));

        Assert.NotNull(head);
        Assert.Equal(expected[0], head.Commit);
        Assert.Equal(long.Parse(expected[1], CultureInfo.InvariantCulture), head.CommitTime);
        Assert.Equal(expected[1], SourceDateEpoch.FromRepository(new FakeBuildEngine(), repository));
        Assert.Equal(repository + Path.DirectorySeparatorChar, Git.FindWorkTree(temp.Combine("repo", "sub")));
    }

    [Fact]
    public void Outside_a_repository_and_before_the_first_commit_there_is_no_commit()
    {
        using var temp = new TempDirectory();
        var plain = temp.CreateDirectory("plain");
        var empty = temp.CreateDirectory("empty");
        GitProcess.Check(empty, "init", "-q");

        Assert.Null(Git.ReadHead(plain));
        Assert.Null(Git.FindWorkTree(plain));
        Assert.False(Git.IsDirty(plain));
        Assert.Equal(new GitHead(null, null), Git.ReadHead(empty));
        Assert.Equal(string.Empty, SourceDateEpoch.FromRepository(null, empty));
    }

    [Fact]
    public void The_work_tree_is_dirty_with_a_changed_tracked_file_or_an_untracked_file_that_is_not_ignored()
    {
        using var temp = new TempDirectory();
        var repository = temp.CreateDirectory("repo");
        temp.Write("repo/.gitignore", "bin/\n");
        temp.Write("repo/a.txt", "one");
        GitProcess.Check(repository, "init", "-q");
        GitProcess.Check(repository, "add", "-A");
        GitProcess.Check(repository, "commit", "-q", "-m", "first");

        Assert.False(Git.IsDirty(repository));
        temp.Write("repo/bin/out.dll", "ignored");
        Assert.False(Git.IsDirty(repository));
        temp.Write("repo/notes/new.txt", "untracked");
        Assert.True(Git.IsDirty(repository));
        File.Delete(temp.Combine("repo", "notes", "new.txt"));
        Assert.False(Git.IsDirty(repository));
        temp.Write("repo/a.txt", "two");
        Assert.True(Git.IsDirty(repository));
    }

    [Theory]
    [InlineData("dll")]
    [InlineData("type-initializer")]
    [InlineData("bad-image")]
    [InlineData("entry-point")]
    public void A_libgit2_that_cannot_load_is_bad_input_naming_the_platform(string failure)
    {
        Exception thrown = failure switch
        {
            "dll" => new DllNotFoundException("Unable to load shared library 'git2-5853918'"),
            "type-initializer" => new TypeInitializationException("LibGit2Sharp.Core.NativeMethods",
                new DllNotFoundException("Unable to load shared library 'git2-5853918'")),
            "bad-image" => new BadImageFormatException("wrong architecture"),
            _ => new EntryPointNotFoundException("git_libgit2_init"),
        };

        var error = Assert.Throws<HermeticInputException>(() => Git.Invoke<int>("/repo", () => throw thrown));

        Assert.Equal("/repo", error.Location.File);
        Assert.Contains(RuntimeInformation.RuntimeIdentifier, error.Message, StringComparison.Ordinal);
        Assert.Contains(RuntimeInformation.ProcessArchitecture.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Contains("libgit2", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("TypeInitializationException", error.Message, StringComparison.Ordinal);
        Assert.Contains(failure == "type-initializer" ? "Unable to load shared library" : thrown.Message.TrimEnd('.'), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Other_failures_are_not_taken_for_a_load_failure()
    {
        Assert.False(Git.IsLoadFailure(new InvalidOperationException("x")));
        Assert.False(Git.IsLoadFailure(new TypeInitializationException("Other", new InvalidOperationException("x"))));
        Assert.False(Git.IsLoadFailure(new FileNotFoundException("missing", "packages.lock.json")));
        Assert.True(Git.IsLoadFailure(new FileNotFoundException("missing", "LibGit2Sharp, Version=0.32.0.0")));
        Assert.Throws<InvalidOperationException>(() => Git.Invoke<int>("/repo", () => throw new InvalidOperationException("x")));
    }

    [Fact]
    public void A_corrupt_repository_is_bad_input_not_a_stack_trace()
    {
        using var temp = new TempDirectory();
        var repository = temp.CreateDirectory("repo");
        GitProcess.Check(repository, "init", "-q");
        File.WriteAllText(temp.Combine("repo", ".git", "HEAD"), "garbage\n");

        var error = Assert.Throws<HermeticInputException>(() => Git.ReadHead(repository));

        Assert.Contains("libgit2", error.Message, StringComparison.Ordinal);
    }
}
