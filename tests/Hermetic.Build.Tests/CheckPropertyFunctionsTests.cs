using Hermetic.Build.Tests.TestSupport;

namespace Hermetic.Build.Tests;

/// <summary>HB3003 on real files in a temporary repository.</summary>
public sealed class CheckPropertyFunctionsTests : IDisposable
{
    private readonly TempDirectory _repo = new();
    private readonly FakeBuildEngine _engine = new();

    public void Dispose() => _repo.Dispose();

    private string Root => _repo.Path;

    private bool Run(string project, params string[] projectFiles) =>
        Tasks.PropertyFunctions(_engine, project, Root, projectFiles.Length > 0 ? projectFiles : null).Execute();

    private static string ProjectWith(string body) => $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <TargetFramework>net10.0</TargetFramework>
          </PropertyGroup>
        {body}
        </Project>
        """;

    private void AssertReported(LoggedDiagnostic d, string file, (int Line, int Column) at)
    {
        Assert.Equal("HB3003", d.Code);
        Assert.Equal(file, d.File);
        Assert.Equal(at, (d.Line, d.Column));
        Assert.Equal(Tasks.HelpLinkBase + "HB3003.md", d.HelpLink);
    }

    [Fact]
    public void A_call_in_the_project_is_reported_at_its_element()
    {
        var text = ProjectWith("""
              <PropertyGroup>
                <BuildStamp>$([System.DateTime]::Now.ToString('yyyyMMdd'))</BuildStamp>
              </PropertyGroup>
            """);
        var project = _repo.Write("src/App/App.csproj", text);

        var result = Run(project);

        Assert.False(result);
        var error = Assert.Single(_engine.Errors);
        AssertReported(error, project, TextPosition.After(text, "<BuildStamp>"));
        Assert.Equal(6, error.Line);
        Assert.StartsWith("'[System.DateTime]::Now' reads the clock, which differs between two builds of the same commit.", error.Message, StringComparison.Ordinal);
        Assert.Contains("SOURCE_DATE_EPOCH", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_call_in_an_attribute_is_reported_at_the_attribute()
    {
        var text = ProjectWith("""
              <ItemGroup>
                <None Include="a.txt" Condition="'$([System.Guid]::NewGuid())' != ''" />
              </ItemGroup>
            """);
        var project = _repo.Write("App.csproj", text);

        Run(project);

        var error = Assert.Single(_engine.Errors);
        AssertReported(error, project, TextPosition.Of(text, "Condition="));
        Assert.Contains("a random value", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_call_on_a_later_line_of_a_value_is_reported_at_that_line_and_column()
    {
        var text = ProjectWith("""
              <PropertyGroup>
                <Stamp>
                  build-$([System.DateTime]::UtcNow.Ticks)
                </Stamp>
              </PropertyGroup>
            """);
        var project = _repo.Write("App.csproj", text);

        Run(project);

        var error = Assert.Single(_engine.Errors);
        AssertReported(error, project, TextPosition.Of(text, "[System.DateTime]"));
        Assert.Equal(7, error.Line);
    }

    [Fact]
    public void Every_use_in_every_file_is_reported_once()
    {
        var text = ProjectWith("""
              <PropertyGroup>
                <A>$(USERNAME)-$(COMPUTERNAME)</A>
                <B>$([System.Environment]::TickCount)</B>
              </PropertyGroup>
            """);
        var project = _repo.Write("App.csproj", text);

        Run(project);

        Assert.Equal(
            ["$(USERNAME)", "$(COMPUTERNAME)", "[System.Environment]::TickCount"],
            _engine.Errors.Select(e => e.Message.Split('\'')[1]));
    }

    [Fact]
    public void A_call_in_Directory_Build_props_passed_as_a_project_file_is_reported_there()
    {
        var propsText = """
            <Project>
              <PropertyGroup>
                <InformationalVersion>1.0.0+$([System.DateTime]::UtcNow.Ticks)</InformationalVersion>
              </PropertyGroup>
            </Project>
            """;
        var props = _repo.Write("Directory.Build.props", propsText);
        var project = _repo.Write("src/App/App.csproj", ProjectWith(""));

        Run(project, props, project);

        var error = Assert.Single(_engine.Errors);
        AssertReported(error, props, TextPosition.After(propsText, "<InformationalVersion>"));
    }

    [Fact]
    public void Files_not_passed_and_not_imported_are_not_read()
    {
        _repo.Write("Directory.Build.props", "<Project><PropertyGroup><X>$([System.DateTime]::Now)</X></PropertyGroup></Project>");
        var project = _repo.Write("src/App/App.csproj", ProjectWith(""));

        Assert.True(Run(project));
        Assert.Empty(_engine.Diagnostics);
    }

    [Fact]
    public void A_file_imported_through_MSBuildThisFileDirectory_is_followed()
    {
        var importedText = """
            <Project>
              <PropertyGroup>
                <Who>$([System.Environment]::MachineName)</Who>
              </PropertyGroup>
            </Project>
            """;
        var imported = _repo.Write("build/stamp.props", importedText);
        var props = _repo.Write("Directory.Build.props", """
            <Project>
              <Import Project="$(MSBuildThisFileDirectory)build/stamp.props" />
            </Project>
            """);
        var project = _repo.Write("src/App/App.csproj", ProjectWith(""));

        Run(project, props, project);

        var error = Assert.Single(_engine.Errors);
        AssertReported(error, imported, TextPosition.After(importedText, "<Who>"));
        Assert.Contains("the name of this machine, user or process", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../../build/stamp.props")]
    [InlineData(@"..\..\build\stamp.props")]
    [InlineData("$(MSBuildProjectDirectory)/../../build/stamp.props")]
    [InlineData("$(HermeticRoot)/build/stamp.props")]
    [InlineData("../../build/*.props")]
    [InlineData("nothing.props;../../build/stamp.props")]
    public void A_file_imported_from_the_project_by_a_relative_or_known_path_is_followed(string importPath)
    {
        var imported = _repo.Write("build/stamp.props", "<Project>\n  <PropertyGroup>\n    <Id>$([System.Guid]::NewGuid())</Id>\n  </PropertyGroup>\n</Project>\n");
        var project = _repo.Write("src/App/App.csproj", ProjectWith($"""  <Import Project="{importPath}" />"""));

        Run(project);

        var error = Assert.Single(_engine.Errors);
        AssertReported(error, imported, (3, 9));
    }

    [Fact]
    public void Directory_Build_props_chained_with_GetPathOfFileAbove_is_followed()
    {
        var rootPropsText = """
            <Project>
              <PropertyGroup>
                <Built>$([System.DateTimeOffset]::Now)</Built>
              </PropertyGroup>
            </Project>
            """;
        var rootProps = _repo.Write("Directory.Build.props", rootPropsText);
        var innerProps = _repo.Write("src/Directory.Build.props", """
            <Project>
              <Import Project="$([MSBuild]::GetPathOfFileAbove('Directory.Build.props', '$(MSBuildThisFileDirectory)../'))" />
            </Project>
            """);
        var project = _repo.Write("src/App/App.csproj", ProjectWith(""));

        Run(project, innerProps, project);

        var error = Assert.Single(_engine.Errors);
        AssertReported(error, rootProps, TextPosition.After(rootPropsText, "<Built>"));
    }

    [Fact]
    public void GetDirectoryNameOfFileAbove_imports_are_followed()
    {
        var shared = _repo.Write("shared.props", "<Project><PropertyGroup><X>$(USERNAME)</X></PropertyGroup></Project>");
        var project = _repo.Write("src/App/App.csproj", ProjectWith("""
              <Import Project="$([MSBuild]::GetDirectoryNameOfFileAbove($(MSBuildThisFileDirectory), 'shared.props'))/shared.props" />
            """));

        Run(project);

        Assert.Equal(shared, Assert.Single(_engine.Errors).File);
    }

    [Fact]
    public void Calls_in_xml_comments_are_not_reported()
    {
        var project = _repo.Write("App.csproj", ProjectWith("""
              <!-- Do not use $([System.DateTime]::Now) here: -->
              <PropertyGroup>
                <!-- <Stamp>$([System.Guid]::NewGuid())</Stamp> -->
                <Stamp>fixed</Stamp>
              </PropertyGroup>
            """));

        Assert.True(Run(project));
        Assert.Empty(_engine.Diagnostics);
    }

    [Fact]
    public void A_file_outside_the_repository_is_not_read()
    {
        using var outside = new TempDirectory();
        var outsideProps = outside.Write("machine.props", "<Project><PropertyGroup><X>$([System.DateTime]::Now)</X></PropertyGroup></Project>");
        var project = _repo.Write("App.csproj", ProjectWith($"""  <Import Project="{outsideProps}" />"""));

        Assert.True(Run(project));
        Assert.Empty(_engine.Diagnostics);
    }

    [Fact]
    public void A_sibling_folder_whose_name_starts_with_the_root_is_outside()
    {
        var sibling = _repo.Path + "-sibling";
        Directory.CreateDirectory(sibling);
        try
        {
            File.WriteAllText(Path.Combine(sibling, "x.props"), "<Project><PropertyGroup><X>$([System.DateTime]::Now)</X></PropertyGroup></Project>");
            var project = _repo.Write("App.csproj", ProjectWith("""  <Import Project="$(MSBuildThisFileDirectory)../""" + Path.GetFileName(sibling) + """/x.props" />"""));

            Assert.True(Run(project));
            Assert.Empty(_engine.Diagnostics);
        }
        finally
        {
            Directory.Delete(sibling, recursive: true);
        }
    }

    [Fact]
    public void Imports_with_an_unknown_property_or_an_Sdk_are_not_followed()
    {
        _repo.Write("build/stamp.props", "<Project><PropertyGroup><X>$([System.DateTime]::Now)</X></PropertyGroup></Project>");
        var project = _repo.Write("App.csproj", ProjectWith("""
              <Import Project="$(SomeFolder)build/stamp.props" />
              <Import Project="build/stamp.props" Sdk="Some.Sdk" />
            """));

        Assert.True(Run(project));
        Assert.Empty(_engine.Diagnostics);
    }

    [Fact]
    public void A_file_imported_twice_is_reported_once()
    {
        var imported = _repo.Write("build/stamp.props", "<Project><PropertyGroup><X>$([System.DateTime]::Now)</X></PropertyGroup></Project>");
        var props = _repo.Write("Directory.Build.props", """<Project><Import Project="build/stamp.props" /></Project>""");
        var project = _repo.Write("App.csproj", ProjectWith("""
              <Import Project="build/stamp.props" />
              <Import Project="build/stamp.props" />
            """));

        Run(project, props, project);

        Assert.Equal(imported, Assert.Single(_engine.Errors).File);
    }

    [Fact]
    public void Import_cycles_terminate()
    {
        var a = _repo.Write("a.props", """<Project><Import Project="b.props" /><PropertyGroup><A>$(USERNAME)</A></PropertyGroup></Project>""");
        _repo.Write("b.props", """<Project><Import Project="a.props" /></Project>""");
        var project = _repo.Write("App.csproj", ProjectWith("""  <Import Project="a.props" />"""));

        Run(project);

        Assert.Equal(a, Assert.Single(_engine.Errors).File);
    }

    [Fact]
    public void A_project_outside_the_root_is_still_read()
    {
        using var other = new TempDirectory();
        var project = other.Write("App.csproj", ProjectWith("  <PropertyGroup><X>$(USERNAME)</X></PropertyGroup>"));

        Run(project);

        Assert.Equal(project, Assert.Single(_engine.Errors).File);
    }

    [Fact]
    public void Audit_reports_warnings()
    {
        var project = _repo.Write("App.csproj", ProjectWith("  <PropertyGroup><X>$(USERNAME)</X><Y>$([System.Guid]::NewGuid())</Y></PropertyGroup>"));

        var result = Tasks.PropertyFunctions(_engine, project, Root, mode: "Audit").Execute();

        Assert.True(result);
        Assert.Empty(_engine.Errors);
        Assert.Equal(["HB3003", "HB3003"], _engine.Warnings.Select(w => w.Code));
    }

    [Fact]
    public void Malformed_xml_in_an_imported_file_is_HB0001_at_that_file_and_line()
    {
        var broken = _repo.Write("build/broken.props", "<Project>\n  <PropertyGroup>\n    <X>1</X>\n  </PropertyGrop>\n</Project>\n");
        var project = _repo.Write("App.csproj", ProjectWith("""  <Import Project="build/broken.props" />"""));

        var result = Run(project);

        Assert.False(result);
        var error = Assert.Single(_engine.Errors);
        Assert.Equal("HB0001", error.Code);
        Assert.Equal(broken, error.File);
        Assert.Equal(4, error.Line);
        Assert.Contains(broken, error.Message, StringComparison.Ordinal);
        Assert.Contains("not well-formed XML", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_project_file_is_HB0001()
    {
        var project = _repo.Write("App.csproj", "");

        Assert.False(Run(project));
        var error = Assert.Single(_engine.Errors);
        Assert.Equal("HB0001", error.Code);
        Assert.Equal(project, error.File);
    }

    [Fact]
    public void The_old_msbuild_namespace_is_read_too()
    {
        var project = _repo.Write("App.csproj", """
            <Project xmlns="http://schemas.microsoft.com/developer/msbuild/2003">
              <PropertyGroup>
                <X>$(USERNAME)</X>
              </PropertyGroup>
            </Project>
            """);

        Run(project);

        Assert.Equal(3, Assert.Single(_engine.Errors).Line);
    }
}
