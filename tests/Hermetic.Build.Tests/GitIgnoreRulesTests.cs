using Hermetic.Build.SourceControl;
using Hermetic.Build.Core;
using Hermetic.Build.Locks;
using Hermetic.Build.Tests.TestSupport;

namespace Hermetic.Build.Tests;

/// <summary>The rule that ignores a path (HB1008 names it), checked against git's own answer (git check-ignore -v).</summary>
public sealed class GitIgnoreRulesTests
{
    private static readonly string[] DotnetNewGitignore =
    [
        "## dotnet new gitignore (abridged, same lines that matter)",
        "[Bb]in/",
        "[Oo]bj/",
        "[Ll]og/",
        "artifacts/",
        "project.lock.json",
        "project.fragment.lock.json",
        "# NuGet Packages",
        "*.nupkg",
        "# NuGet Symbol Packages",
        "*.snupkg",
        "# The packages folder can be ignored because of Package Restore",
        "**/[Pp]ackages/*",
        "# except build/, which is used as an MSBuild target.",
        "!**/[Pp]ackages/build/",
        "*.nuget.props",
        "!?*.[Cc]ache/",
    ];

    private static readonly string[] Paths =
    [
        "packages.lock.json", "app/packages.lock.json", "hermetic.lock.json", "vendor/packages/a.1.0.0.nupkg",
        "vendor/packages/a/1.0.0/a.1.0.0.nupkg", "feed/Hermetic.Build.0.1.0.nupkg", "src/Packages/x.txt", "packages/build/x.targets",
        "app/bin/Debug/app.dll", "app/Bin/x", "lib/obj/project.assets.json", "artifacts/hermetic/verify.json", "docs/artifacts.md",
        "a.snupkg", "deep/er/packages/y.nupkg", "app/app.hermetic-generate.json", "cache/x.Cache/y", "x.nuget.props", "keep/keep.txt",
        "keep/drop.txt", "sub/local.txt", "sub/inner/local.txt", "sub/inner/other.txt", "literal[1].txt", "q1.txt", "q12.txt",
        "space .txt", "#hash.txt", "!bang.txt", "dir-only/x", "dir-only", "anchored/x.txt", "a/anchored/x.txt", "a/b/c/d.log",
        "logs/a/b/c.log", "x/logs/c.log",
    ];

    private static GitIgnoreRule? Expected(string repository, string path)
    {
        // git's verdict and the deciding line: "source:line:pattern<TAB>path"; "::<TAB>path" when nothing matched.
        var result = GitProcess.Run(repository, "check-ignore", "-v", "-n", "--no-index", path);
        var line = result.Output.TrimEnd('\n');
        var tab = line.IndexOf('\t', StringComparison.Ordinal);
        var fields = line[..tab].Split(':', 3);
        if (fields[0].Length == 0 || fields[2].StartsWith('!'))
        {
            return null;
        }

        return new GitIgnoreRule(Path.GetFullPath(fields[0], repository), int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture), fields[2], false, false);
    }

    [Fact]
    public void The_deciding_rule_is_the_one_git_names_for_every_path()
    {
        using var temp = new TempDirectory();
        var repository = temp.CreateDirectory("repo");
        GitProcess.Check(repository, "init", "-q");
        temp.Write("repo/.gitignore", string.Join("\n", [
            .. DotnetNewGitignore,
            "*.lock.json",
            "!hermetic.lock.json",
            "keep/",
            "!keep/keep.txt",
            "literal\\[1\\].txt",
            "q?.txt",
            "space\\ .txt",
            "\\#hash.txt",
            "\\!bang.txt",
            "dir-only/",
            "/anchored/",
            "a/**/d.log",
            "logs/**",
            "   ",
            "# a comment",
        ]) + "\n");
        temp.Write("repo/sub/.gitignore", "local.txt\n!inner/local.txt\ninner/*\n");
        temp.Write("repo/sub/inner/.gitignore", "!other.txt\n");
        temp.Write("repo/.git/info/exclude", "# git ls-files --others --exclude-from=.git/info/exclude\n*.hermetic-generate.json\n");

        var rules = new GitIgnoreRules(repository);
        var ignoredByGit = 0;
        foreach (var path in Paths)
        {
            var isDirectory = path == "dir-only";
            if (isDirectory)
            {
                Directory.CreateDirectory(temp.Combine("repo", path));
            }

            var expected = Expected(repository, isDirectory ? path + "/" : path);
            var actual = rules.FindRule(path, isDirectory);
            ignoredByGit += expected is null ? 0 : 1;
            Assert.True(expected?.File == actual?.File && expected?.Line == actual?.Line && expected?.Text == actual?.Text,
                $"{path}: git says {expected?.Describe(repository) ?? "not ignored"}, we say {actual?.Describe(repository) ?? "not ignored"}");
        }

        Assert.InRange(ignoredByGit, 15, Paths.Length - 8); // both verdicts are well represented
        Assert.Contains(temp.Combine("repo", ".gitignore"), rules.FilesRead);
        Assert.Contains(temp.Combine("repo", ".git", "info", "exclude"), rules.FilesRead);
    }

    [Fact]
    public void A_rule_is_named_as_a_message_names_it()
    {
        using var temp = new TempDirectory();
        var repository = temp.CreateDirectory("repo");
        temp.Write("repo/.gitignore", "bin/\n\n# locks\n*.lock.json\n");
        temp.Write("repo/src/.gitignore", "*.nupkg\n");

        var rules = new GitIgnoreRules(repository);

        Assert.Equal(".gitignore(4): *.lock.json", rules.FindRule("app/packages.lock.json")!.Describe(repository));
        Assert.Equal("src/.gitignore(1): *.nupkg", rules.FindRule("src/feed/a.nupkg")!.Describe(repository));
        Assert.Null(rules.FindRule("feed/a.nupkg"));
        Assert.Equal(".gitignore(1): bin/", rules.FindRule("bin/x/packages.lock.json")!.Describe(repository));
    }

    [Fact]
    public void The_files_a_build_relies_on_that_git_ignores_are_found_with_their_rule_and_untracked_ones_on_request()
    {
        using var temp = new TempDirectory();
        var repository = temp.CreateDirectory("repo");
        GitProcess.Check(repository, "init", "-q");
        temp.Write("repo/.gitignore", "*.lock.json\n*.nupkg\n");
        temp.Write("repo/app/packages.lock.json", "{}");
        temp.Write("repo/hermetic.lock.json", "{}");
        temp.Write("repo/vendor/packages/a.1.0.0.nupkg", "zip");
        temp.Write("repo/tracked/packages.lock.json", "{}");
        temp.Write("repo/app/app.hermetic-generate.json", "{}");
        GitProcess.Check(repository, "add", ".gitignore");
        GitProcess.Check(repository, "add", "-f", "tracked/packages.lock.json");
        GitProcess.Check(repository, "commit", "-q", "-m", "first");
        ReliedOnFile[] candidates =
        [
            new(temp.Combine("repo", "app", "packages.lock.json"), "lock"),
            new(temp.Combine("repo", "hermetic.lock.json"), "lock"),
            new(temp.Combine("repo", "tracked", "packages.lock.json"), "lock"),
            new(temp.Combine("repo", "missing", "packages.lock.json"), "lock"),
            new(temp.Combine("repo", "app", "app.hermetic-generate.json"), "stamp"),
            .. ReliedOnFiles.PackagesOf(temp.Combine("repo", "vendor", "packages"), "package"),
        ];

        var ignored = ReliedOnFiles.Find(repository, candidates, includeUntracked: false);
        var all = ReliedOnFiles.Find(repository, candidates, includeUntracked: true);

        Assert.Equal(["app/packages.lock.json", "hermetic.lock.json", "vendor/packages/a.1.0.0.nupkg"], ignored.Select(f => f.RelativePath));
        Assert.Equal([".gitignore(1): *.lock.json", ".gitignore(1): *.lock.json", ".gitignore(2): *.nupkg"], ignored.Select(f => f.Rule!.Describe(repository)));
        var untracked = Assert.Single(all, f => !f.Ignored);
        Assert.Equal("app/app.hermetic-generate.json", untracked.RelativePath);
        var message = string.Join(" ", ReliedOnFiles.Describe(ignored[2], repository));
        Assert.Contains(".gitignore(2): *.nupkg", message, StringComparison.Ordinal);
        Assert.Contains("'!vendor/packages/*.nupkg'", message, StringComparison.Ordinal);
    }
}
