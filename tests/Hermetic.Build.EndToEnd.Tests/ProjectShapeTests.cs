using Hermetic.Build.EndToEnd.Tests.Infrastructure;

namespace Hermetic.Build.EndToEnd.Tests;

/// <summary>CONTRACT §1: multi-targeting, solutions and parallel builds.</summary>
public sealed class ProjectShapeTests
{
    [Fact]
    public void A_multi_targeting_project_is_checked_in_its_inner_build_and_reports_once()
    {
        var repository = TestRepository.Create("shape-multi")
            .WriteFile("app/app.csproj", TestRepository.Project(Activation.SdkElementWithVersion,
                "<Deterministic>false</Deterministic>", "<TargetFrameworks>net10.0</TargetFrameworks>"))
            .Commit("Multi-targeting");

        var result = repository.Build();

        AssertBuild.FailsWith(result, "HB3001");
        Assert.Single(result.Errors("HB3001"));
    }

    [Fact]
    public void A_multi_targeting_project_builds_clean()
    {
        var repository = TestRepository.Create("shape-multi-ok")
            .WriteFile("app/app.csproj", TestRepository.Project(Activation.SdkElementWithVersion, targetFramework: "<TargetFrameworks>net10.0</TargetFrameworks>"))
            .Commit("Multi-targeting");

        AssertBuild.Succeeds(repository.Build());
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
