using Hermetic.Build.EndToEnd.Tests.Infrastructure;

namespace Hermetic.Build.EndToEnd.Tests;

/// <summary>HB4004 and the hermetic environment of Exec, in real builds. No command here reaches the
/// network: the refused ones never run.</summary>
public sealed class ExecGateTests
{
    private static TestRepository WithTarget(string name, string body, string items = "")
    {
        var repository = TestRepository.Create(name);
        var project = File.ReadAllText(repository.AppProject).Replace("</Project>", $"""
              <ItemGroup>{items}</ItemGroup>
              <Target Name="Gate" AfterTargets="Build">
            {body}
              </Target>
            </Project>
            """, StringComparison.Ordinal);
        return repository.WriteFile("app/app.csproj", project).Commit("A target with commands");
    }

    private static int LineOf(TestRepository repository, string text) =>
        File.ReadAllLines(repository.AppProject).Select((l, i) => (l, i)).First(x => x.l.Contains(text, StringComparison.Ordinal)).i + 1;

    [Fact]
    public void Curl_in_an_Exec_gives_HB4004_at_the_task_and_does_not_run()
    {
        var repository = WithTarget("hb4004-curl", """    <Exec Command="sh -c 'curl -fsSL https://pkgs.example.invalid/tool -o tool.bin'" />""");

        var error = AssertBuild.FailsWith(repository.Build(), "HB4004");

        AssertBuild.NamesFile(error, repository.AppProject, line: LineOf(repository, "curl"));
        Assert.False(File.Exists(Path.Combine(repository.Root, "app", "tool.bin")));
    }

    [Fact]
    public void A_DownloadFile_task_gives_HB4004_at_the_task()
    {
        var repository = WithTarget("hb4004-download",
            """    <DownloadFile SourceUrl="https://pkgs.example.invalid/tool.zip" DestinationFolder="$(IntermediateOutputPath)" />""");

        var error = AssertBuild.FailsWith(repository.Build(), "HB4004");

        AssertBuild.NamesFile(error, repository.AppProject, line: LineOf(repository, "DownloadFile"));
    }

    [Fact]
    public void An_Exec_runs_in_the_hermetic_environment()
    {
        var repository = WithTarget("exec-env", """
                <Exec Command="env" ConsoleToMSBuild="true" StandardOutputImportance="low">
                  <Output TaskParameter="ConsoleOutput" ItemName="EnvLine" />
                </Exec>
                <WriteLinesToFile File="$(IntermediateOutputPath)env.txt" Lines="@(EnvLine)" Overwrite="true" />
            """);

        AssertBuild.Succeeds(repository.Build());

        var lines = File.ReadAllLines(Path.Combine(repository.Root, "app", "obj", "Debug", "net10.0", "env.txt"));
        var commitTime = repository.Git("log", "-1", "--format=%ct").Output.Trim();
        Assert.Contains("HTTP_PROXY=http://127.0.0.1:9", lines);
        Assert.Contains("HTTPS_PROXY=http://127.0.0.1:9", lines);
        Assert.Contains("ALL_PROXY=http://127.0.0.1:9", lines);
        Assert.Contains("NO_PROXY=", lines);
        Assert.Contains("TZ=UTC", lines);
        Assert.Contains("LC_ALL=C", lines);
        Assert.Contains("SOURCE_DATE_EPOCH=" + commitTime, lines);
    }

    [Fact]
    public void An_allowed_command_runs_and_HermeticMode_Off_gives_the_built_in_Exec()
    {
        // git ls-remote of a local path reaches no network; it is a fetching verb all the same.
        var repository = WithTarget("exec-allowed", """    <Exec Command="git ls-remote $(HermeticRoot) HEAD" />""",
            """<HermeticAllowedCommand Include="git ls-remote" />""");

        AssertBuild.Succeeds(repository.Build());

        var off = WithTarget("exec-off", """
                <Exec Command="env" ConsoleToMSBuild="true" StandardOutputImportance="low">
                  <Output TaskParameter="ConsoleOutput" ItemName="EnvLine" />
                </Exec>
                <Exec Command="git ls-remote $(MSBuildProjectDirectory)/.. HEAD" />
                <WriteLinesToFile File="$(IntermediateOutputPath)env.txt" Lines="@(EnvLine)" Overwrite="true" />
            """);
        var result = off.Build("-p:HermeticMode=Off");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain(result.Diagnostics, d => d.Code == "HB4004");
        Assert.DoesNotContain("TZ=UTC", File.ReadAllLines(Path.Combine(off.Root, "app", "obj", "Debug", "net10.0", "env.txt")));
    }
}
