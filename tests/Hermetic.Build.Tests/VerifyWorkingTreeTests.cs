using Hermetic.Build.Tests.TestSupport;
using Hermetic.Build.Verify;

namespace Hermetic.Build.Tests;

/// <summary>The copies VerifyHermetic builds: tracked files as they are, HEAD at the same commit, untracked files left out.</summary>
public sealed class VerifyWorkingTreeTests
{
    private static void Git(string directory, params string[] arguments)
    {
        var result = WorkingTree.RunGit(directory, ["-c", "user.name=Test", "-c", "user.email=test@example.invalid", .. arguments]);
        Assert.True(result.Succeeded, result.Error);
    }

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
        Assert.Equal(tree.Head, WorkingTree.RunGit(copy, "rev-parse", "HEAD").Output.Trim());
        Assert.Equal("refs/heads/main", WorkingTree.RunGit(copy, "symbolic-ref", "HEAD").Output.Trim());
        Assert.Equal("https://git.example.invalid/shop.git", WorkingTree.RunGit(copy, "config", "--get", "remote.origin.url").Output.Trim());
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
        var log = WorkingTree.RunGit(copy, "log", "-1", "--format=%H %ct", "HEAD");
        Assert.True(log.Succeeded, log.Error);
        Assert.StartsWith(tree.Head!, log.Output, StringComparison.Ordinal);
        Assert.Equal(string.Empty, WorkingTree.RunGit(copy, "status", "--porcelain").Output);
    }

    [Fact]
    public void A_folder_outside_any_git_work_tree_is_bad_input()
    {
        using var temp = new TempDirectory();
        var folder = temp.CreateDirectory("plain");
        File.WriteAllText(temp.Combine("plain", ".git"), "not a git link");

        var error = Assert.Throws<Hermetic.Build.Infrastructure.HermeticInputException>(() => WorkingTree.Read(folder, _ => false));

        Assert.Contains("needs a git work tree", error.Message, StringComparison.Ordinal);
    }
}
