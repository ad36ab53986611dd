using Hermetic.Build.EndToEnd.Tests.Infrastructure;

namespace Hermetic.Build.EndToEnd.Tests;

/// <summary>HB3001 and HB3003 with file and line, in the project and in imported repository files.</summary>
public sealed class DeterminismTests
{
    [Fact]
    public void Deterministic_false_gives_HB3001_at_the_setting()
    {
        var repository = CheckScenarios.Violating("HB3001");

        AssertBuild.NamesFile(AssertBuild.FailsWith(repository.Build(), "HB3001"), repository.AppProject, line: 6);
    }

    [Fact]
    public void Deterministic_false_in_Directory_Build_props_gives_HB3001_there()
    {
        var repository = TestRepository.Create("hb3001-props")
            .WriteFile("Directory.Build.props", "<Project>\n  <PropertyGroup>\n    <Deterministic>false</Deterministic>\n  </PropertyGroup>\n</Project>\n")
            .Commit("Non-deterministic");

        AssertBuild.NamesFile(AssertBuild.FailsWith(repository.Build(), "HB3001"), Path.Combine(repository.Root, "Directory.Build.props"), line: 3);
    }

    [Fact]
    public void Deterministic_false_on_the_command_line_gives_HB3001_naming_the_project()
    {
        var repository = TestRepository.Create("hb3001-cli");

        AssertBuild.NamesFile(AssertBuild.FailsWith(repository.Build("-p:Deterministic=false"), "HB3001"), repository.AppProject);
    }

    [Fact]
    public void A_clock_in_the_project_gives_HB3003_at_the_call()
    {
        var repository = CheckScenarios.Violating("HB3003");

        var error = AssertBuild.FailsWith(repository.Build(), "HB3003");

        AssertBuild.NamesFile(error, repository.AppProject, line: 6);
        Assert.Contains("[System.DateTime]::UtcNow", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("$([System.Guid]::NewGuid())")]
    [InlineData("$([System.Environment]::MachineName)")]
    [InlineData("$([System.DateTime]::Now.Ticks)")]
    public void A_non_deterministic_call_in_Directory_Build_props_gives_HB3003_there(string call)
    {
        var repository = TestRepository.Create("hb3003-props")
            .WriteFile("Directory.Build.props", $"<Project>\n  <PropertyGroup>\n    <Stamp>{call}</Stamp>\n  </PropertyGroup>\n</Project>\n")
            .Commit("Stamp");

        var error = AssertBuild.FailsWith(repository.Build(), "HB3003");

        AssertBuild.NamesFile(error, Path.Combine(repository.Root, "Directory.Build.props"), line: 3);
    }

    [Fact]
    public void A_call_in_a_file_imported_by_Directory_Build_props_gives_HB3003_there()
    {
        var repository = TestRepository.Create("hb3003-import")
            .WriteFile("Directory.Build.props", "<Project>\n  <Import Project=\"$(MSBuildThisFileDirectory)build/version.props\" />\n</Project>\n")
            .WriteFile("build/version.props", "<Project>\n  <PropertyGroup>\n    <Revision>$([System.DateTime]::Today.DayOfYear)</Revision>\n  </PropertyGroup>\n</Project>\n")
            .Commit("Stamp");

        var error = AssertBuild.FailsWith(repository.Build(), "HB3003");

        AssertBuild.NamesFile(error, Path.Combine(repository.Root, "build", "version.props"), line: 3);
    }

    [Fact]
    public void Deterministic_property_functions_and_comments_pass()
    {
        var repository = TestRepository.Create("hb3003-clean",
            projectProperties: "<!-- $([System.DateTime]::Now) would be flagged outside a comment -->\n    <Year>$([System.DateTime]::Parse('2026-01-01').Year)</Year>\n    <Hash>$([MSBuild]::StableStringHash('x'))</Hash>");

        AssertBuild.Succeeds(repository.Build());
    }

    [Fact]
    public void A_call_in_a_file_imported_through_a_property_of_the_repository_gives_HB3003_there()
    {
        var repository = TestRepository.Create("hb3003-reporoot")
            .WriteFile("Directory.Build.props",
                "<Project>\n  <PropertyGroup>\n    <RepoRoot>$(MSBuildThisFileDirectory)</RepoRoot>\n  </PropertyGroup>\n  <Import Project=\"$(RepoRoot)eng/Versions.props\" />\n</Project>\n")
            .WriteFile("eng/Versions.props", "<Project>\n  <PropertyGroup>\n    <BuildStamp>$([System.DateTime]::UtcNow.ToString(\"yyyyMMdd\"))</BuildStamp>\n  </PropertyGroup>\n</Project>\n")
            .Commit("Versions");

        AssertBuild.NamesFile(AssertBuild.FailsWith(repository.Build(), "HB3003"), Path.Combine(repository.Root, "eng", "Versions.props"), line: 3);
    }

    [Fact]
    public void A_call_in_the_project_user_file_gives_HB3003_there()
    {
        var repository = TestRepository.Create("hb3003-user")
            .WriteFile("app/app.csproj.user", "<Project>\n  <PropertyGroup>\n    <Who>$([System.Environment]::UserName)</Who>\n  </PropertyGroup>\n</Project>\n");

        AssertBuild.NamesFile(AssertBuild.FailsWith(repository.Build(), "HB3003"), Path.Combine(repository.Root, "app", "app.csproj.user"), line: 3);
    }
}
