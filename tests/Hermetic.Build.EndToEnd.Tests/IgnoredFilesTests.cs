using Hermetic.Build.EndToEnd.Tests.Infrastructure;

namespace Hermetic.Build.EndToEnd.Tests;

/// <summary>
/// HB1008: a file the build relies on that git ignores is named with the rule that ignores it, at
/// build time; `dotnet new gitignore` with the exceptions docs/diagnostics/HB1008.md recommends passes.
/// </summary>
public sealed class IgnoredFilesTests
{
    [Fact]
    public void HB1008_a_lock_file_ignored_by_star_lock_json_names_the_gitignore_line()
    {
        var repository = TestRepository.Create("ignored-lock")
            .WriteFile(".gitignore", "bin/\nobj/\n*.lock.json\n")
            .Commit("Ignore lock files, as some real repositories do");

        // The first build writes the lock in its restore, and its build pass checks again: the lock
        // it has just written is ignored, said at once rather than at the next build.
        var result = repository.Build();

        var error = AssertBuild.FailsWith(result, "HB1008");
        AssertBuild.NamesFile(error, Path.Combine(repository.Root, ".gitignore"), line: 3);
        Assert.Contains("app/packages.lock.json", error.Message, StringComparison.Ordinal);
        Assert.Contains(".gitignore(3): *.lock.json", error.Message, StringComparison.Ordinal);
        Assert.Contains("'!app/packages.lock.json'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_dotnet_new_gitignore_file_ignores_the_feed_with_HB1008_and_passes_with_the_recommended_exceptions()
    {
        var repository = TestRepository.Create("dotnet-new-gitignore");
        repository.DeleteFile(".gitignore");
        Assert.Equal(0, repository.Run("dotnet", "new", "gitignore").ExitCode);
        var gitignore = Path.Combine(repository.Root, ".gitignore");
        var nupkgLine = Array.IndexOf(File.ReadAllLines(gitignore), "*.nupkg") + 1;
        Assert.True(nupkgLine > 0);
        // As a user adopting the file does: everything added again under the new rules.
        repository.Git("rm", "-r", "-q", "--cached", ".");
        repository.Commit("dotnet new gitignore");

        var ignored = repository.Build();

        var error = AssertBuild.FailsWith(ignored, "HB1008");
        AssertBuild.NamesFile(error, gitignore, nupkgLine);
        Assert.Contains($".gitignore({nupkgLine}): *.nupkg", error.Message, StringComparison.Ordinal);
        Assert.Contains("feed/Hermetic.Build.", error.Message, StringComparison.Ordinal);

        File.AppendAllText(gitignore, """

            # Hermetic.Build: files the build relies on are committed
            !**/packages.lock.json
            !hermetic.lock.json
            !*.hermetic-generate.json
            !vendor/packages/*.nupkg
            !feed/*.nupkg

            """.ReplaceLineEndings("\n"));
        repository.Commit("Exceptions for the files the build relies on");

        AssertBuild.Succeeds(repository.Build());
        Assert.Contains("feed/Hermetic.Build.", repository.Git("ls-files", "feed").Output, StringComparison.Ordinal);
    }
}
