using Hermetic.Build.Tests.TestSupport;
using Hermetic.Build.Verify;

namespace Hermetic.Build.Tests;

/// <summary>The copies VerifyHermetic builds: tracked files as they are, HEAD at the same commit, untracked files left out.</summary>
public sealed class VerifyWorkingTreeTests
{
    private static void Git(string directory, params string[] arguments) => GitProcess.Check(directory, arguments);

    [Fact]
    public void A_copy_holds_the_tracked_files_as_they_are_at_the_same_commit_and_branch()
    {
        using var temp = new TempDirectory();
        var repository = temp.CreateDirectory("repo");
        temp.Write("repo/.gitignore", "bin/\n");
        temp.Write("repo/src/a.cs", "committed");
        temp.Write("repo/src/gone.cs", "deleted later");
        Git(repository, "init", "-q", "-b", "main");
        Git(repository, "remote", "add", "origin", "https://git.example.invalid/shop.git");
        Git(repository, "add", "-A");
        Git(repository, "commit", "-q", "-m", "initial");
        temp.Write("repo/src/a.cs", "changed, not committed");
        File.Delete(temp.Combine("repo", "src", "gone.cs"));
        temp.Write("repo/notes.txt", "untracked");
        temp.Write("repo/artifacts/hermetic/verify.json", "{}");
        temp.Write("repo/bin/ignored.dll", "ignored");

        var tree = WorkingTree.Read(repository, path => path.StartsWith(temp.Combine("repo", "artifacts") + Path.DirectorySeparatorChar, StringComparison.Ordinal));

        Assert.True(tree.IsDirty);
        Assert.Equal(["src/a.cs", "src/gone.cs"], tree.Changes.Order(StringComparer.Ordinal));
        Assert.Equal(["notes.txt"], tree.Untracked);
        Assert.Contains("2 changed tracked file(s)", tree.DescribeChanges(), StringComparison.Ordinal);
        Assert.Contains("1 untracked file(s) not copied: notes.txt", tree.DescribeChanges(), StringComparison.Ordinal);

        var copy = temp.Combine("copy");
        Assert.Equal(2, tree.CopyTo(copy)); // .gitignore and src/a.cs

        Assert.Equal("changed, not committed", File.ReadAllText(Path.Combine(copy, "src", "a.cs")));
        Assert.False(File.Exists(Path.Combine(copy, "src", "gone.cs")));
        Assert.False(File.Exists(Path.Combine(copy, "notes.txt")));
        Assert.False(Directory.Exists(Path.Combine(copy, "bin")));
        Assert.Equal(tree.Head, GitProcess.Run(copy, "rev-parse", "HEAD").Output.Trim());
        Assert.Equal("refs/heads/main", GitProcess.Run(copy, "symbolic-ref", "HEAD").Output.Trim());
        Assert.Equal("https://git.example.invalid/shop.git", GitProcess.Run(copy, "config", "--get", "remote.origin.url").Output.Trim());
    }

    [Fact]
    public void A_shallow_clone_such_as_a_CI_checkout_is_copied_with_its_commit_readable()
    {
        using var temp = new TempDirectory();
        var origin = temp.CreateDirectory("origin");
        temp.Write("origin/a.txt", "one");
        Git(origin, "init", "-q", "-b", "main");
        Git(origin, "add", "-A");
        Git(origin, "commit", "-q", "-m", "first");
        temp.Write("origin/a.txt", "two");
        Git(origin, "commit", "-q", "-am", "second");
        Git(temp.Path, "clone", "-q", "--depth", "1", "file://" + origin, "shallow");

        var tree = WorkingTree.Read(temp.Combine("shallow"), _ => false);
        var copy = temp.Combine("copy");
        tree.CopyTo(copy);

        Assert.False(tree.IsDirty);
        Assert.Equal("two", File.ReadAllText(Path.Combine(copy, "a.txt")));
        var log = GitProcess.Run(copy, "log", "-1", "--format=%H %ct", "HEAD");
        Assert.True(log.Succeeded, log.Error);
        Assert.StartsWith(tree.Head!, log.Output, StringComparison.Ordinal);
        Assert.Equal(string.Empty, GitProcess.Run(copy, "status", "--porcelain").Output);
    }

    [Fact]
    public void A_folder_outside_any_git_work_tree_is_bad_input()
    {
        using var temp = new TempDirectory();
        var folder = temp.CreateDirectory("plain");
        File.WriteAllText(temp.Combine("plain", ".git"), "not a git link");

        var error = Assert.Throws<Hermetic.Build.Core.HermeticInputException>(() => WorkingTree.Read(folder, _ => false));

        Assert.Contains("needs a git work tree", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_copy_checks_out_unchanged_files_from_the_object_database_and_keeps_a_detached_head()
    {
        using var temp = new TempDirectory();
        var repository = temp.CreateDirectory("repo");
        temp.Write("repo/src/a.cs", "one");
        temp.Write("repo/src/b.cs", "two");
        Git(repository, "init", "-q", "-b", "main");
        Git(repository, "add", "-A");
        Git(repository, "commit", "-q", "-m", "initial");
        Git(repository, "checkout", "-q", "--detach");
        temp.Write("repo/src/new.cs", "staged, never committed");
        Git(repository, "add", "src/new.cs");

        var tree = WorkingTree.Read(repository, _ => false);
        var copy = temp.Combine("copy");

        Assert.Null(tree.Branch);
        Assert.Equal(3, tree.CopyTo(copy));
        Assert.Equal("two", File.ReadAllText(Path.Combine(copy, "src", "b.cs")));
        Assert.Equal("staged, never committed", File.ReadAllText(Path.Combine(copy, "src", "new.cs")));
        Assert.Equal(tree.Head, GitProcess.Check(copy, "rev-parse", "HEAD").Trim());
        Assert.False(GitProcess.Run(copy, "symbolic-ref", "-q", "HEAD").Succeeded); // detached, as in the repository
        Assert.Empty(WorkingTree.ChangedTrackedFiles(copy));
        Assert.Equal(["src/new.cs"], WorkingTree.ChangedTrackedFiles(repository));
        File.WriteAllText(Path.Combine(copy, "src", "b.cs"), "rewritten by a build");
        File.Delete(Path.Combine(copy, "src", "a.cs"));
        Assert.Equal(["src/a.cs", "src/b.cs"], WorkingTree.ChangedTrackedFiles(copy).Order(StringComparer.Ordinal));
    }
}
