using Hermetic.Build.EndToEnd.Tests.Infrastructure;

namespace Hermetic.Build.EndToEnd.Tests;

/// <summary>README, "Switching it on": multi-targeting, solutions and parallel builds.</summary>
public sealed class ProjectShapeTests
{
    /// <summary>Two frameworks the SDK builds offline from its own targeting pack: net10.0 and
    /// net10.0-browser (a library; no workload, no package download).</summary>
    private const string TwoFrameworks = "<TargetFrameworks>net10.0;net10.0-browser</TargetFrameworks>";

    /// <summary>app/ as a library targeting two frameworks, with a package of the feed.</summary>
    private static TestRepository MultiTargeting(string name, string properties = "")
    {
        var repository = TestRepository.Create(name);
        FixturePackages.Pack(Path.Combine(repository.Root, "feed"), "Fixture.Lib", "1.0.0");
        return repository
            .DeleteFile("app/Program.cs")
            .WriteFile("app/Greeting.cs", "namespace App; public static class Greeting { public const string Text = \"hello\"; }\n")
            .WriteFile("app/app.csproj", $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <Sdk Name="Hermetic.Build" Version="{TestRun.PackageVersion}" />
                  <PropertyGroup>
                    {TwoFrameworks}
                    {properties}
                  </PropertyGroup>
                  <ItemGroup><PackageReference Include="Fixture.Lib" Version="1.0.0" /></ItemGroup>
                </Project>
                """)
            .Commit("Multi-targeting");
    }

    [Fact]
    public void A_multi_targeting_project_is_checked_in_its_inner_builds_and_reports_once()
    {
        var repository = MultiTargeting("shape-multi", "<Deterministic>false</Deterministic>");

        var result = repository.Build("-m");

        AssertBuild.FailsWith(result, "HB3001");
        Assert.Single(result.Errors("HB3001"));
    }

    [Fact]
    public void A_multi_targeting_project_builds_clean_in_parallel_twice_and_then_checks_nothing()
    {
        var repository = MultiTargeting("shape-multi-ok");

        AssertBuild.Succeeds(repository.Build("-m"));
        Assert.True(File.Exists(Path.Combine(repository.Root, "app", "packages.lock.json")));
        repository.Commit("Lock");
        // The lock switches locked restore on: the second build restores for real, in parallel again.
        AssertBuild.Succeeds(repository.Build("-m"));
        AssertBuild.SkippedTheChecks(repository.Build("-m", "-v:d"));
        // Each framework keeps its own bookkeeping; the project's restore folder holds none of it.
        foreach (var framework in new[] { "net10.0", "net10.0-browser" })
        {
            var intermediate = Path.Combine(repository.Root, "app", "obj", "Debug", framework);
            Assert.Single(Directory.GetFiles(intermediate, "hermetic.gate.*.stamp"));
            Assert.True(File.Exists(Path.Combine(intermediate, "hermetic.gate.files")));
        }

        Assert.Empty(Directory.GetFiles(Path.Combine(repository.Root, "app", "obj"), "hermetic.gate.*"));
        AssertBuild.Succeeds(repository.WithEnvironment("CI", "true").Build("-m"));
    }

    [Fact]
    public void A_solution_builds_in_parallel_and_a_shared_problem_is_reported_once()
    {
        var repository = TestRepository.Create("shape-solution")
            .WriteFile("lib/lib.csproj", $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <Sdk Name="Hermetic.Build" Version="{TestRun.PackageVersion}" />
                  <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>
                </Project>
                """)
            .WriteFile("lib/Greeting.cs", "namespace Lib; public static class Greeting { public const string Text = \"hello\"; }\n")
            .WriteFile("app/app.csproj", TestRepository.Project(Activation.SdkElementWithVersion)
                .Replace("</Project>", "  <ItemGroup><ProjectReference Include=\"../lib/lib.csproj\" /></ItemGroup>\n</Project>", StringComparison.Ordinal))
            .Commit("Two projects");
        Assert.Equal(0, repository.Run("dotnet", "new", "sln", "-n", "repo", "--format", "sln").ExitCode);
        Assert.Equal(0, repository.Run("dotnet", "sln", "repo.sln", "add", "app/app.csproj", "lib/lib.csproj").ExitCode);
        repository.Commit("Solution");

        AssertBuild.Succeeds(repository.DotNet("build", "repo.sln", "-m:2"));

        repository.WriteFile("Directory.Build.props", "<Project><PropertyGroup><Stamp>$([System.DateTime]::Now)</Stamp></PropertyGroup></Project>\n");
        var result = repository.DotNet("build", "repo.sln", "-m:2");
        AssertBuild.FailsWith(result, "HB3003");
    }

    [Fact]
    public void The_first_parallel_build_of_a_two_project_solution_writes_a_complete_hermetic_lock_json()
    {
        var repository = TestRepository.Create("shape-solution-lock")
            .DeleteFile("hermetic.lock.json")
            .WriteFile("lib/lib.csproj", $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <Sdk Name="Hermetic.Build" Version="{TestRun.PackageVersion}" />
                  <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>
                </Project>
                """)
            .WriteFile("lib/Greeting.cs", "namespace Lib; public static class Greeting { public const string Text = \"hello\"; }\n")
            .Commit("Two projects, no hermetic.lock.json");
        Assert.Equal(0, repository.Run("dotnet", "new", "sln", "-n", "repo", "--format", "sln").ExitCode);
        Assert.Equal(0, repository.Run("dotnet", "sln", "repo.sln", "add", "app/app.csproj", "lib/lib.csproj").ExitCode);
        repository.Commit("Solution");

        AssertBuild.Succeeds(repository.DotNet("build", "repo.sln", "-m:2"));

        var written = File.ReadAllText(Path.Combine(repository.Root, "hermetic.lock.json"));
        Assert.Contains("\"app/app.csproj\"", written, StringComparison.Ordinal);
        Assert.Contains("\"lib/lib.csproj\"", written, StringComparison.Ordinal);
        // What HermeticLock writes is what the first build wrote.
        var relock = repository.DotNet("msbuild", "repo.sln", "-t:HermeticLock");
        Assert.True(relock.ExitCode == 0, relock.ToString());
        Assert.Equal(written, File.ReadAllText(Path.Combine(repository.Root, "hermetic.lock.json")));
        repository.Commit("Locks");
        AssertBuild.Succeeds(repository.WithEnvironment("CI", "true").DotNet("build", "repo.sln", "-m:2"));
    }

    [Fact]
    public void A_problem_of_global_json_is_said_once_per_parallel_build_of_a_solution()
    {
        var repository = TestRepository.Create("shape-solution-once")
            .WriteFile("global.json", TestRepository.GlobalJson(CheckScenarios.OlderSdkVersion, withMSBuildSdks: false, rollForward: "latestFeature"))
            .WriteFile("lib/lib.csproj", $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <Sdk Name="Hermetic.Build" Version="{TestRun.PackageVersion}" />
                  <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>
                </Project>
                """)
            .WriteFile("lib/Greeting.cs", "namespace Lib; public static class Greeting { public const string Text = \"hello\"; }\n")
            .WriteFile("hermetic.lock.json", TestRepository.HermeticLockJson("app/app.csproj", "lib/lib.csproj"))
            .Commit("Two projects, another SDK pinned");
        Assert.Equal(0, repository.Run("dotnet", "new", "sln", "-n", "repo", "--format", "sln").ExitCode);
        Assert.Equal(0, repository.Run("dotnet", "sln", "repo.sln", "add", "app/app.csproj", "lib/lib.csproj").ExitCode);
        repository.Commit("Solution");

        var result = repository.DotNet("build", "repo.sln", "-m:2");

        AssertBuild.FailsWith(result, "HB1005");
        // As the build went (the summary after "Build FAILED." repeats every error once more).
        var log = result.Output.Split("Build FAILED.")[0];
        var lines = log.Split('\n').Count(l => l.Contains("error HB1005", StringComparison.Ordinal));
        Assert.True(lines == 1, $"Expected HB1005 said once, not {lines} times." + Environment.NewLine + result);

        // Pinned right, the same solution passes.
        repository.WriteFile("global.json", TestRepository.GlobalJson(TestRun.SdkVersion, withMSBuildSdks: false)).Commit("Pin this SDK");
        AssertBuild.Succeeds(repository.DotNet("build", "repo.sln", "-m:2"));
    }

    [Theory]
    [InlineData("pack")]
    [InlineData("publish")]
    public void Pack_and_publish_run_the_checks_and_pass_on_a_correct_project(string command)
    {
        var repository = TestRepository.Create("shape-" + command);

        AssertBuild.Succeeds(repository.DotNet(command, repository.AppProject, "-c", "Release"));

        repository.WriteFile("app/app.csproj", TestRepository.Project(Activation.SdkElementWithVersion, "<Deterministic>false</Deterministic>"));
        AssertBuild.FailsWith(repository.DotNet(command, repository.AppProject, "-c", "Release"), "HB3001");
    }
}
