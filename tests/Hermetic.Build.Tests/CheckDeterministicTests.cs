using Hermetic.Build.Tests.TestSupport;

namespace Hermetic.Build.Tests;

/// <summary>HB3001 on real files in a temporary repository.</summary>
public sealed class CheckDeterministicTests : IDisposable
{
    private readonly TempDirectory _repo = new();
    private readonly FakeBuildEngine _engine = new();

    public void Dispose() => _repo.Dispose();

    private const string PlainProject = """
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <TargetFramework>net10.0</TargetFramework>
          </PropertyGroup>
        </Project>
        """;

    private bool Run(string project, string? deterministic, params string[] projectFiles) =>
        Tasks.Deterministic(_engine, project, _repo.Path, deterministic, projectFiles.Length > 0 ? projectFiles : null).Execute();

    [Theory]
    [InlineData("true")]
    [InlineData("True")]
    [InlineData(" TRUE ")]
    public void Deterministic_true_is_no_diagnostic(string value)
    {
        var project = _repo.Write("App.csproj", PlainProject.Replace("</TargetFramework>", "</TargetFramework><Deterministic>false</Deterministic>"));

        Assert.True(Run(project, value));
        Assert.Empty(_engine.Diagnostics);
    }

    [Fact]
    public void False_in_the_project_points_at_the_element()
    {
        var text = """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Deterministic>false</Deterministic>
              </PropertyGroup>
            </Project>
            """;
        var project = _repo.Write("App.csproj", text);

        var result = Run(project, "false");

        Assert.False(result);
        var error = Assert.Single(_engine.Errors);
        Assert.Equal("HB3001", error.Code);
        Assert.Equal(project, error.File);
        Assert.Equal(TextPosition.Of(text, "<Deterministic>"), (error.Line, error.Column - 1));
        Assert.StartsWith("Deterministic is 'false' for this project", error.Message, StringComparison.Ordinal);
        Assert.Equal(Tasks.HelpLinkBase + "HB3001.md", error.HelpLink);
    }

    [Fact]
    public void The_last_setting_in_evaluation_order_is_the_one_pointed_at()
    {
        var props = _repo.Write("Directory.Build.props", """
            <Project>
              <PropertyGroup>
                <Deterministic>true</Deterministic>
              </PropertyGroup>
            </Project>
            """);
        var projectText = """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <Deterministic>false</Deterministic>
              </PropertyGroup>
              <PropertyGroup Condition="'$(Configuration)' == 'Debug'">
                <Deterministic>false</Deterministic>
              </PropertyGroup>
            </Project>
            """;
        var project = _repo.Write("src/App/App.csproj", projectText);
        var targets = _repo.Write("Directory.Build.targets", "<Project><Target Name=\"X\" /></Project>");

        Run(project, "false", props, project, targets);

        var error = Assert.Single(_engine.Errors);
        Assert.Equal(project, error.File);
        Assert.Equal(6, error.Line);
    }

    [Fact]
    public void A_later_imported_file_wins_over_the_importing_file()
    {
        var imported = _repo.Write("build/det.props", "<Project>\n  <PropertyGroup>\n    <Deterministic>false</Deterministic>\n  </PropertyGroup>\n</Project>\n");
        var project = _repo.Write("App.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <Deterministic>true</Deterministic>
              </PropertyGroup>
              <Import Project="build/det.props" />
            </Project>
            """);

        Run(project, "false");

        var error = Assert.Single(_engine.Errors);
        Assert.Equal(imported, error.File);
        Assert.Equal((3, 6), (error.Line, error.Column)); // the element name
    }

    [Fact]
    public void Directory_Build_targets_comes_after_the_project()
    {
        var project = _repo.Write("App.csproj", "<Project>\n  <PropertyGroup>\n    <Deterministic>true</Deterministic>\n  </PropertyGroup>\n</Project>\n");
        var targets = _repo.Write("Directory.Build.targets", "<Project>\n  <PropertyGroup>\n\n    <Deterministic>false</Deterministic>\n  </PropertyGroup>\n</Project>\n");

        Run(project, "false", project, targets);

        var error = Assert.Single(_engine.Errors);
        Assert.Equal(targets, error.File);
        Assert.Equal(4, error.Line);
    }

    [Fact]
    public void Without_a_written_setting_the_project_file_is_named()
    {
        var props = _repo.Write("Directory.Build.props", "<Project />");
        var project = _repo.Write("src/App/App.csproj", PlainProject);

        var result = Run(project, "false", props, project);

        Assert.False(result);
        var error = Assert.Single(_engine.Errors);
        Assert.Equal("HB3001", error.Code);
        Assert.Equal(project, error.File);
        Assert.Equal(0, error.Line);
    }

    [Fact]
    public void Deterministic_items_or_metadata_are_not_settings()
    {
        var project = _repo.Write("App.csproj", """
            <Project>
              <ItemGroup>
                <Thing Include="x"><Deterministic>false</Deterministic></Thing>
              </ItemGroup>
            </Project>
            """);

        Run(project, "false");

        var error = Assert.Single(_engine.Errors);
        Assert.Equal(project, error.File);
        Assert.Equal(0, error.Line);
    }

    [Theory]
    [InlineData(null, "(empty)")]
    [InlineData("", "(empty)")]
    [InlineData("  ", "(empty)")]
    [InlineData("False", "False")]
    [InlineData("no", "no")]
    public void Any_value_but_true_is_reported_with_the_value(string? value, string shown)
    {
        var project = _repo.Write("App.csproj", PlainProject);

        Run(project, value);

        Assert.StartsWith($"Deterministic is '{shown}' for this project", Assert.Single(_engine.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Audit_and_warning_codes_report_a_warning()
    {
        var project = _repo.Write("App.csproj", PlainProject);

        Assert.True(Tasks.Deterministic(_engine, project, _repo.Path, "false", mode: "Audit").Execute());
        Assert.True(Tasks.Deterministic(new FakeBuildEngine(), project, _repo.Path, "false", warningCodes: "HB3001").Execute());

        Assert.Equal("HB3001", Assert.Single(_engine.Warnings).Code);
        Assert.Empty(_engine.Errors);
    }

    [Fact]
    public void Off_reads_nothing()
    {
        var project = _repo.Write("App.csproj", "<Project><broken>");

        Assert.True(Tasks.Deterministic(_engine, project, _repo.Path, "false", mode: "Off").Execute());
        Assert.Empty(_engine.Diagnostics);
    }

    [Fact]
    public void Malformed_xml_is_HB0001_with_file_and_line()
    {
        var props = _repo.Write("Directory.Build.props", "<Project>\n  <PropertyGroup>\n    <Deterministic>false</Deterministic>\n  <PropertyGroup>\n</Project>\n");
        var project = _repo.Write("src/App/App.csproj", PlainProject);

        var result = Run(project, "false", props, project);

        Assert.False(result);
        var error = Assert.Single(_engine.Errors);
        Assert.Equal("HB0001", error.Code);
        Assert.Equal(props, error.File);
        Assert.Equal(5, error.Line);
        Assert.Contains("deterministic compilation", error.Message, StringComparison.Ordinal);
        Assert.Contains(props, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void With_Deterministic_true_the_files_are_not_read()
    {
        var project = _repo.Write("App.csproj", "<Project><broken>");

        Assert.True(Run(project, "true"));
        Assert.Empty(_engine.Diagnostics);
    }

    [Fact]
    public void A_setting_reached_through_GetPathOfFileAbove_chaining_is_found()
    {
        var rootProps = _repo.Write("Directory.Build.props", "<Project>\n  <PropertyGroup>\n    <Deterministic>false</Deterministic>\n  </PropertyGroup>\n</Project>\n");
        var innerProps = _repo.Write("src/Directory.Build.props", """
            <Project>
              <Import Project="$([MSBuild]::GetPathOfFileAbove('Directory.Build.props', '$(MSBuildThisFileDirectory)../'))" />
            </Project>
            """);
        var project = _repo.Write("src/App/App.csproj", PlainProject);

        Run(project, "false", innerProps, project);

        var error = Assert.Single(_engine.Errors);
        Assert.Equal(rootProps, error.File);
        Assert.Equal(3, error.Line);
    }

    [Fact]
    public void A_setting_imported_through_MSBuildThisFileDirectory_is_found()
    {
        var imported = _repo.Write("eng/settings.props", "<Project><PropertyGroup><Deterministic>false</Deterministic></PropertyGroup></Project>");
        var props = _repo.Write("Directory.Build.props", "<Project><Import Project=\"$(MSBuildThisFileDirectory)eng/settings.props\" /></Project>");
        var project = _repo.Write("src/App/App.csproj", PlainProject);

        Run(project, "false", props, project);

        Assert.Equal(imported, Assert.Single(_engine.Errors).File);
    }

    [Fact]
    public void Settings_in_comments_or_outside_the_repository_are_not_pointed_at()
    {
        using var outside = new TempDirectory();
        var outsideProps = outside.Write("machine.props", "<Project><PropertyGroup><Deterministic>false</Deterministic></PropertyGroup></Project>");
        var project = _repo.Write("App.csproj", $"""
            <Project>
              <!-- <PropertyGroup><Deterministic>false</Deterministic></PropertyGroup> -->
              <Import Project="{outsideProps}" />
            </Project>
            """);

        Run(project, "false");

        var error = Assert.Single(_engine.Errors);
        Assert.Equal(project, error.File);
        Assert.Equal(0, error.Line);
    }
}
