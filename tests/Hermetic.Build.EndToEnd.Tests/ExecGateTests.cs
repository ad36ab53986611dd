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

    [Fact]
    public void Commands_that_fetch_give_HB4004_and_exit_code_1_and_their_offline_spellings_run()
    {
        // Three gated Execs: each is refused before it runs, so none needs the program installed.
        var repository = WithTarget("hb4004-spellings", """
                <Exec Command="dotnet tool restore" ContinueOnError="ErrorAndContinue" />
                <Exec Command="FOO=1 &quot;npm&quot; install --prefer-offline=false left-pad" ContinueOnError="ErrorAndContinue" />
                <Exec Command="dotnet build --source https://pkgs.example.invalid/v3/index.json" />
            """);

        var result = repository.Build();

        Assert.Equal(1, result.ExitCode);
        var errors = result.Errors("HB4004").ToList();
        Assert.Equal(3, errors.Count);
        Assert.Contains(errors, e => e.Message.Contains("'dotnet tool restore'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Message.Contains("'npm install'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Message.Contains("HermeticAllowedSources", StringComparison.Ordinal));

        // The same programs, spelled offline, pass the gate and run (whether or not this machine has them).
        var offline = WithTarget("hb4004-offline", """
                <Exec Command="npm ci --offline >/dev/null 2>&amp;1 || true" IgnoreStandardErrorWarningFormat="true" />
                <Exec Command="cargo build --frozen >/dev/null 2>&amp;1 || true; GOFLAGS=-mod=vendor go build ./... >/dev/null 2>&amp;1 || true" />
                <Exec Command="pip install --no-index --find-links ./wheels nothing-here >/dev/null 2>&amp;1 || true" />
                <Exec Command="git submodule update --no-fetch" WorkingDirectory="$(HermeticRoot)" />
            """);
        var passed = offline.Build();
        Assert.True(passed.ExitCode == 0, passed.ToString());
        Assert.DoesNotContain(passed.Diagnostics, d => d.Code == "HB4004");
    }
}
