using Hermetic.Build.EndToEnd.Tests.Infrastructure;

namespace Hermetic.Build.EndToEnd.Tests;

/// <summary>
/// Speed is a feature: a no-op build skips the checks, and any change to what they read makes the
/// next build check again.
/// </summary>
public sealed class IncrementalTests
{
    private const string GateSkipped = "Skipping target \"_HermeticGate\" because all output files are up-to-date";

    [Fact]
    public void A_no_op_build_skips_the_checks_and_a_changed_import_is_checked_again()
    {
        var repository = TestRepository.Create("incremental")
            .WriteFile("Directory.Build.props", "<Project>\n  <Import Project=\"build/common.props\" />\n</Project>\n")
            .WriteFile("build/common.props", "<Project>\n  <PropertyGroup>\n    <Company>Example</Company>\n  </PropertyGroup>\n</Project>\n")
            .Commit("Imports");

        var first = repository.Build("-v:d");
        AssertBuild.Succeeds(first);
        Assert.DoesNotContain(GateSkipped, first.Output, StringComparison.Ordinal);
        Assert.Contains("Task \"Hermetic.Build.Determinism.CheckPropertyFunctions\"", first.Output, StringComparison.Ordinal);
        // The first restore wrote the lock: locked mode from now on, a changed setting, so the checks once more.
        AssertBuild.Succeeds(repository.Build());

        AssertBuild.SkippedTheChecks(repository.Build("-v:d"));

        // An edit two imports away is an input too.
        Thread.Sleep(1100); // file systems with one-second timestamps
        repository.WriteFile("build/common.props", "<Project>\n  <PropertyGroup>\n    <Company>$([System.Environment]::UserName)</Company>\n  </PropertyGroup>\n</Project>\n");
        var changed = repository.Build();
        AssertBuild.NamesFile(AssertBuild.FailsWith(changed, "HB3003"), Path.Combine(repository.Root, "build", "common.props"), line: 3);

        // A failed check leaves no stamp: the next build says it again.
        AssertBuild.FailsWith(repository.Build(), "HB3003");
    }

    [Fact]
    public void A_changed_setting_is_checked_again()
    {
        var repository = TestRepository.Create("incremental-setting");
        AssertBuild.Succeeds(repository.Build());

        AssertBuild.FailsWith(repository.Build("-p:Deterministic=false"), "HB3001");
    }

    [Fact]
    public void SOURCE_DATE_EPOCH_is_the_commit_time_and_follows_new_commits()
    {
        var repository = TestRepository.Create("source-date")
            .WriteFile("app/app.csproj", TestRepository.Project(Activation.SdkElementWithVersion)
                .Replace("</Project>", "  <Target Name=\"ShowSourceDate\" AfterTargets=\"Build\"><Message Importance=\"high\" Text=\"SOURCE_DATE_EPOCH=[$(SOURCE_DATE_EPOCH)]\" /></Target>\n</Project>", StringComparison.Ordinal))
            .Commit("Show the source date");
        var commitTime = repository.Git("log", "-1", "--format=%ct").Output.Trim();

        var first = repository.Build();
        AssertBuild.Succeeds(first);
        Assert.Contains($"SOURCE_DATE_EPOCH=[{commitTime}]", first.Output, StringComparison.Ordinal);
        AssertBuild.Succeeds(repository.Build());
        // Nothing changed: the gate skips the checks and git is not asked; the value is the same.
        var noOp = repository.Build("-v:d");
        AssertBuild.SkippedTheChecks(noOp);
        Assert.Contains($"SOURCE_DATE_EPOCH=[{commitTime}]", noOp.Output, StringComparison.Ordinal);

        Thread.Sleep(1100);
        repository.WithEnvironment("GIT_COMMITTER_DATE", "2026-03-04T05:06:07Z").Commit("Later");
        var later = repository.Git("log", "-1", "--format=%ct").Output.Trim();
        Assert.NotEqual(commitTime, later);
        Assert.Contains($"SOURCE_DATE_EPOCH=[{later}]", repository.Build().Output, StringComparison.Ordinal);

        repository.WithEnvironment("SOURCE_DATE_EPOCH", "1234567890");
        Assert.Contains("SOURCE_DATE_EPOCH=[1234567890]", repository.Build().Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rebuild_checks_nothing_that_did_not_change_and_rewrites_the_manifest()
    {
        var repository = TestRepository.Create("incremental-rebuild");
        AssertBuild.Succeeds(repository.Build());
        repository.Commit("Lock");
        AssertBuild.Succeeds(repository.Build());
        var manifestPath = Path.Combine(repository.Root, "app", "bin", "Debug", "net10.0", "app.hermetic.json");

        // A rebuild cleans the outputs, not what the checks read: like NuGet's restore, they stay
        // done. The manifest follows the new outputs (the same bytes: the same manifest).
        var rebuild = repository.Build("--no-incremental", "-v:d");
        AssertBuild.SkippedTheChecks(rebuild);
        Assert.Contains("Task \"Hermetic.Build.Manifest.WriteBuildManifest\"", rebuild.Output, StringComparison.Ordinal);
        Assert.Contains("\"app.dll\"", File.ReadAllText(manifestPath), StringComparison.Ordinal);

        // And what they read still wakes them after a rebuild.
        repository.WriteFile("Directory.Build.props", "<Project>\n  <PropertyGroup>\n    <Company>$([System.Environment]::MachineName)</Company>\n  </PropertyGroup>\n</Project>\n");
        AssertBuild.NamesFile(AssertBuild.FailsWith(repository.Build("--no-incremental"), "HB3003"), Path.Combine(repository.Root, "Directory.Build.props"), line: 3);
    }

    [Theory]
    [InlineData("eng/b.props")]   // a new file matching a wildcard import
    [InlineData("local.props")]   // a file an Exists-guarded import was waiting for
    public void A_file_that_becomes_imported_is_checked_at_the_next_build(string newFile)
    {
        var repository = TestRepository.Create("incremental-probe")
            .WriteFile("Directory.Build.props",
                "<Project>\n  <Import Project=\"$(MSBuildThisFileDirectory)eng/*.props\" />\n  <Import Project=\"local.props\" Condition=\"Exists('local.props')\" />\n</Project>\n")
            .WriteFile("eng/a.props", "<Project />\n")
            .Commit("Optional imports");
        AssertBuild.Succeeds(repository.Build());
        AssertBuild.Succeeds(repository.Build());
        AssertBuild.SkippedTheChecks(repository.Build("-v:d"));

        repository.WriteFile(newFile, "<Project>\n  <PropertyGroup>\n    <Stamp>$([System.DateTime]::Now)</Stamp>\n  </PropertyGroup>\n</Project>\n");

        AssertBuild.NamesFile(AssertBuild.FailsWith(repository.Build(), "HB3003"), Path.Combine(repository.Root, newFile), line: 3);
    }

    [Fact]
    public void A_package_file_changed_with_its_old_time_passes_incrementally_and_fails_HB1003_with_HermeticCheckAll()
    {
        var repository = TestRepository.Create("incremental-check-all");
        repository.WithEnvironment("NUGET_PACKAGES", repository.Root + "-packages"); // this test changes bytes there
        FixturePackages.Pack(Path.Combine(repository.Root, "feed"), "Fixture.Tamper", "1.0.0", new Dictionary<string, string>
        {
            ["build/Fixture.Tamper.props"] = "<Project><PropertyGroup><FixtureTamper>original</FixtureTamper></PropertyGroup></Project>\n",
        });
        var project = File.ReadAllText(repository.AppProject)
            .Replace("</Project>", "  <ItemGroup><PackageReference Include=\"Fixture.Tamper\" Version=\"1.0.0\" /></ItemGroup>\n</Project>",
                StringComparison.Ordinal);
        repository.WriteFile("app/app.csproj", project).Commit("A package with a build file");
        AssertBuild.Succeeds(repository.Build());
        repository.Commit("Lock");
        AssertBuild.Succeeds(repository.Build());
        var props = Path.Combine(repository.Root + "-packages", "fixture.tamper", "1.0.0", "build", "Fixture.Tamper.props");
        var time = File.GetLastWriteTimeUtc(props);

        // Same length, other bytes, the old write time: nothing tells an incremental build.
        File.WriteAllText(props, File.ReadAllText(props).Replace("original", "tampered", StringComparison.Ordinal));
        File.SetLastWriteTimeUtc(props, time);
        AssertBuild.SkippedTheChecks(repository.Build("-v:d"));

        var error = AssertBuild.FailsWith(repository.Build("-p:HermeticCheckAll=true"), "HB1003");
        Assert.Contains("Fixture.Tamper 1.0.0", error.Message, StringComparison.Ordinal);
        AssertBuild.NamesFile(error, props);

        // The switch on a correct packages folder: everything checked, nothing found.
        File.WriteAllText(props, File.ReadAllText(props).Replace("tampered", "original", StringComparison.Ordinal));
        var clean = repository.Build("-p:HermeticCheckAll=true", "-v:d");
        AssertBuild.Succeeds(clean);
        Assert.Contains("Task \"Hermetic.Build.Locks.VerifyLockedPackages\"", clean.Output, StringComparison.Ordinal);
    }
}
