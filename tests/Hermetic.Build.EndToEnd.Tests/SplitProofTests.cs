using System.Text.Json;
using Hermetic.Build.EndToEnd.Tests.Infrastructure;

namespace Hermetic.Build.EndToEnd.Tests;

/// <summary>
/// The proof split across two machines (docs/ci.md): HermeticBuildBaseline builds one verification
/// copy on "machine 1" (its own clone, packages folder, HOME and temp folder) and writes its
/// manifests and outputs to a folder; VerifyHermetic on "machine 2" reproduces that folder. Equal
/// outputs pass; a changed output fails with HB5001 naming the file and where it differs.
/// </summary>
public sealed class SplitProofTests
{
    /// <summary>A clone of <paramref name="repository"/> as another machine has it: another folder, packages folder, HOME and temp folder.</summary>
    private static TestRepository OtherMachine(TestRepository repository, string name)
    {
        var machine = TestRun.NewDirectory(name);
        foreach (var folder in new[] { "packages", "home", "tmp" })
        {
            Directory.CreateDirectory(Path.Combine(machine, folder));
        }

        return repository.CloneTo(Path.Combine(machine, "checkout"))
            .WithEnvironment("NUGET_PACKAGES", Path.Combine(machine, "packages"))
            .WithEnvironment("HOME", Path.Combine(machine, "home"))
            .WithEnvironment("DOTNET_CLI_HOME", Path.Combine(machine, "home"))
            .WithEnvironment("TMPDIR", Path.Combine(machine, "tmp"));
    }

    private static BuildResult BuildBaseline(TestRepository machine, string output) =>
        machine.DotNet(["msbuild", machine.AppProject, "-t:HermeticBuildBaseline", $"-p:HermeticBaselineOutput={output}"]);

    private static BuildResult Reproduce(TestRepository machine, string baseline) =>
        machine.DotNet(["msbuild", machine.AppProject, "-t:VerifyHermetic", $"-p:HermeticBaseline={baseline}"]);

    [Fact]
    public void A_baseline_built_on_one_machine_is_reproduced_on_another()
    {
        var repository = TestRepository.Create("split-equal");
        var first = OtherMachine(repository, "split-equal-machine-1");
        var baseline = Path.Combine(TestRun.NewDirectory("split-equal-artifact"), "baseline");

        var built = BuildBaseline(first, baseline);

        Assert.True(built.ExitCode == 0, built.ToString());
        Assert.DoesNotContain(built.Diagnostics, d => d.IsError);
        Assert.True(File.Exists(Path.Combine(baseline, "app", "bin", "Debug", "net10.0", "app.hermetic.json")), built.ToString());
        Assert.True(File.Exists(Path.Combine(baseline, "app", "bin", "Debug", "net10.0", "app.dll")));
        using var index = JsonDocument.Parse(File.ReadAllText(Path.Combine(baseline, "hermetic-baseline.json")));
        Assert.Equal("hermetic-build/baseline/v1", index.RootElement.GetProperty("schema").GetString());
        Assert.Equal(["app/bin/Debug/net10.0/app.hermetic.json"], index.RootElement.GetProperty("manifests").EnumerateArray().Select(m => m.GetString()));
        Assert.Contains("VerifyHermetic: baseline of 1 manifest(s) written", built.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("copy B", built.Output, StringComparison.Ordinal);

        var second = OtherMachine(repository, "split-equal-machine-2");
        var reproduced = Reproduce(second, baseline);

        Assert.True(reproduced.ExitCode == 0, reproduced.ToString());
        Assert.Empty(reproduced.Errors("HB5001"));
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(second.Root, "artifacts", "hermetic", "verify.json")));
        Assert.Equal("passed", report.RootElement.GetProperty("result").GetString());
        Assert.Contains(report.RootElement.GetProperty("checks").EnumerateArray(),
            c => c.GetProperty("name").GetString() == "baseline" && c.GetProperty("result").GetString() == "passed");
    }

    [Fact]
    public void A_baseline_whose_output_differs_fails_with_HB5001_naming_the_file_and_where()
    {
        var repository = TestRepository.Create("split-differs");
        var first = OtherMachine(repository, "split-differs-machine-1");
        // Machine 1 builds something else than the commit machine 2 verifies: one string differs.
        first.WriteFile("app/Program.cs", "System.Console.WriteLine(\"Built on machine 1.\");\n").Commit("Another string");
        var baseline = Path.Combine(TestRun.NewDirectory("split-differs-artifact"), "baseline");
        var built = BuildBaseline(first, baseline);
        Assert.True(built.ExitCode == 0, built.ToString());

        var second = OtherMachine(repository, "split-differs-machine-2");
        var reproduced = Reproduce(second, baseline);

        var error = AssertBuild.FailsWith(reproduced, "HB5001");
        Assert.Contains("'app/bin/Debug/net10.0/app.dll'", error.Message, StringComparison.Ordinal);
        Assert.Contains(reproduced.Errors("HB5001"), e => e.Message.Contains("'app/bin/Debug/net10.0/app.dll'", StringComparison.Ordinal)
                                                          && e.Message.Contains("user string (#US)", StringComparison.Ordinal));
        Assert.Empty(reproduced.Errors("HB3002"));

        // The baseline folder must be empty: a second baseline into it is refused (HB0001).
        var again = BuildBaseline(first, baseline);
        var refused = AssertBuild.FailsWith(again, "HB0001");
        Assert.Contains("not empty", refused.Message, StringComparison.Ordinal);
    }
}
