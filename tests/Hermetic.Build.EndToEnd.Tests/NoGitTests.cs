using System.Text.Json;
using Hermetic.Build.EndToEnd.Tests.Infrastructure;

namespace Hermetic.Build.EndToEnd.Tests;

/// <summary>
/// Neither a build nor VerifyHermetic needs the git command: Hermetic.Build reads the repository
/// with libgit2, shipped in its package. The repository is made with git; then the child builds
/// run with a PATH in which no folder holds git.
/// </summary>
public sealed class NoGitTests
{
    /// <summary>A PATH like this process's, with every folder that holds git replaced by a folder of
    /// links to everything in it but git's programs.</summary>
    private static string PathWithoutGit()
    {
        var shadows = TestRun.NewDirectory("path-without-git");
        var entries = new List<string>();
        var index = 0;
        foreach (var entry in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            if (!Directory.Exists(entry))
            {
                continue;
            }

            if (!File.Exists(Path.Combine(entry, "git")) && !File.Exists(Path.Combine(entry, "git.exe")))
            {
                entries.Add(entry);
                continue;
            }

            var shadow = Directory.CreateDirectory(Path.Combine(shadows, (index++).ToString(System.Globalization.CultureInfo.InvariantCulture))).FullName;
            foreach (var file in Directory.EnumerateFiles(entry))
            {
                var name = Path.GetFileName(file);
                if (!name.StartsWith("git", StringComparison.OrdinalIgnoreCase))
                {
                    File.CreateSymbolicLink(Path.Combine(shadow, name), file);
                }
            }

            entries.Add(shadow);
        }

        return string.Join(Path.PathSeparator, entries);
    }

    [Fact]
    public void A_build_and_VerifyHermetic_pass_with_no_git_on_PATH()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // the PATH shadowing below uses symbolic links, which Windows reserves for administrators
        }

        var repository = TestRepository.Create("no-git");
        AssertBuild.Succeeds(repository.Build()); // writes the project's lock
        repository.Commit("Lock");
        repository.WriteFile("app/app.csproj", File.ReadAllText(repository.AppProject)
            .Replace("</Project>", "  <Target Name=\"ShowSourceDate\" AfterTargets=\"Build\"><Message Importance=\"high\" Text=\"SOURCE_DATE_EPOCH=[$(SOURCE_DATE_EPOCH)]\" /></Target>\n</Project>", StringComparison.Ordinal));
        repository.Commit("Show the source date");
        var head = repository.Git("log", "-1", "--format=%H %ct", "HEAD").Output.Trim().Split(' ');
        var (commit, commitTime) = (head[0], head[1]);

        repository.WithEnvironment("PATH", PathWithoutGit());
        Assert.NotEqual(0, repository.Run("sh", "-c", "command -v git").ExitCode);

        var build = repository.Build();
        AssertBuild.Succeeds(build);
        Assert.Contains($"SOURCE_DATE_EPOCH=[{commitTime}]", build.Output, StringComparison.Ordinal);
        var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(repository.Root, "app", "bin", "Debug", "net10.0", "app.hermetic.json"))).RootElement;
        Assert.Equal(commit, manifest.GetProperty("source").GetProperty("commit").GetString());
        Assert.False(manifest.GetProperty("source").GetProperty("dirty").GetBoolean());

        var verify = repository.DotNet("msbuild", repository.AppProject, "-t:VerifyHermetic");
        AssertBuild.Succeeds(verify);
        var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(repository.Root, "artifacts", "hermetic", "verify.json"))).RootElement;
        Assert.Equal("passed", report.GetProperty("result").GetString());
    }
}
