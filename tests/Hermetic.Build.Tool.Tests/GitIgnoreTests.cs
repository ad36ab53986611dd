using System.Diagnostics;
using Hermetic.Build.Tool.Init;

namespace Hermetic.Build.Tool.Tests;

public sealed class GitIgnoreTests : IDisposable
{
    /// <summary>The rules of `dotnet new gitignore` that catch Hermetic.Build's files, and a stricter one.</summary>
    private const string Rules = "[Bb]in/\n[Oo]bj/\n*.nupkg\n**/[Pp]ackages/*\n!**/[Pp]ackages/build/\n*.lock.json\n";

    private static readonly string[] Needed =
    [
        "app/packages.lock.json", "src/lib/packages.lock.json", "hermetic.lock.json", "vendor/packages/hermetic.build.0.1.0.nupkg",
        "app/app.hermetic-generate.json",
    ];

    private readonly string _root = Directory.CreateTempSubdirectory("hermetic-gitignore-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Names_the_rule_that_ignores_a_file()
    {
        Init(Rules);

        var rule = GitIgnoreCheck.IgnoredBy(_root, "app/packages.lock.json");

        Assert.Equal(new IgnoreRule(".gitignore", 6, "*.lock.json"), rule);
        Assert.Equal(".gitignore(6): *.lock.json", rule!.ToString());
        Assert.Null(GitIgnoreCheck.IgnoredBy(_root, "app/Program.cs"));
    }

    [Fact]
    public void Exceptions_make_git_keep_every_file_the_build_relies_on()
    {
        Init(Rules);
        var path = Path.Combine(_root, ".gitignore");

        var edit = GitIgnoreEditor.Edit(path, File.ReadAllText(path), Needed, "vendor/packages", f => GitIgnoreCheck.IgnoredBy(_root, f))!;
        File.WriteAllText(path, edit.After);

        Assert.True(edit.Changes);
        Assert.StartsWith(Rules, edit.After, StringComparison.Ordinal);
        Assert.All(Needed, f => Assert.Null(GitIgnoreCheck.IgnoredBy(_root, f)));
        Assert.Null(GitIgnoreCheck.IgnoredBy(_root, "app/bin/Debug/app.dll") is null ? "bin/ must stay ignored" : null);
        Assert.Contains(edit.Notes, n => n.StartsWith("!packages.lock.json", StringComparison.Ordinal) && n.Contains(".gitignore(6): *.lock.json", StringComparison.Ordinal));
    }

    [Fact]
    public void A_second_run_changes_nothing()
    {
        Init(Rules);
        var path = Path.Combine(_root, ".gitignore");
        var first = GitIgnoreEditor.Edit(path, File.ReadAllText(path), Needed, "vendor/packages", f => GitIgnoreCheck.IgnoredBy(_root, f))!;
        File.WriteAllText(path, first.After);

        var second = GitIgnoreEditor.Edit(path, first.After, Needed, "vendor/packages", f => GitIgnoreCheck.IgnoredBy(_root, f))!;

        Assert.False(second.Changes);
    }

    [Fact]
    public void A_file_nothing_ignores_needs_no_exception_and_no_gitignore_is_created()
    {
        Init(null);

        Assert.Null(GitIgnoreEditor.Edit(Path.Combine(_root, ".gitignore"), null, Needed, "vendor/packages", f => GitIgnoreCheck.IgnoredBy(_root, f)));
    }

    [Fact]
    public void An_ignored_folder_is_re_included_before_the_file()
    {
        var edit = GitIgnoreEditor.Edit("/r/.gitignore", "vendor/\n", ["vendor/packages/a.1.0.0.nupkg"], "vendor/packages",
            f => f.StartsWith("vendor/", StringComparison.Ordinal) && f is "vendor/" or "vendor/packages/a.1.0.0.nupkg" ? new IgnoreRule(".gitignore", 1, "vendor/") : null)!;

        var lines = edit.After.Split('\n');
        Assert.True(Array.IndexOf(lines, "!/vendor/") < Array.IndexOf(lines, "!/vendor/packages/*.nupkg"));
        Assert.True(Array.IndexOf(lines, "!/vendor/") > 0);
    }

    private void Init(string? rules)
    {
        var start = new ProcessStartInfo("git", ["init", "-q", _root]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using (var process = Process.Start(start)!)
        {
            process.WaitForExit();
            Assert.Equal(0, process.ExitCode);
        }

        if (rules is not null)
        {
            File.WriteAllText(Path.Combine(_root, ".gitignore"), rules);
        }
    }
}
