using Hermetic.Build.Tests.TestSupport;

namespace Hermetic.Build.Tests;

/// <summary>The base task's behaviour (mode, warning codes, help links, de-duplication, HB0001),
/// observed through real checks.</summary>
public sealed class HermeticTaskTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Project => _dir.Combine("src/App/App.csproj");

    [Fact]
    public void Enforce_reports_an_error_and_fails_the_task()
    {
        var engine = new FakeBuildEngine();

        var result = Tasks.SdkPin(engine, Project, globalJsonPath: null, "10.0.100").Execute();

        Assert.False(result);
        var error = Assert.Single(engine.Errors);
        Assert.Equal("HB1004", error.Code);
        Assert.Empty(engine.Warnings);
    }

    [Theory]
    [InlineData("Audit", null)]
    [InlineData("audit", null)]
    [InlineData("Enforce", "HB1004")]
    [InlineData(null, "HB3001; hb1004")]
    [InlineData("Enforce", "HB1005,HB1004")]
    public void Audit_or_a_warning_code_reports_the_same_code_as_a_warning(string? mode, string? warningCodes)
    {
        var engine = new FakeBuildEngine();

        var result = Tasks.SdkPin(engine, Project, globalJsonPath: null, "10.0.100", mode, warningCodes).Execute();

        Assert.True(result);
        Assert.Empty(engine.Errors);
        var warning = Assert.Single(engine.Warnings);
        Assert.Equal("HB1004", warning.Code);
        Assert.Equal(Project, warning.File);
        Assert.Equal(Tasks.HelpLinkBase + "HB1004.md", warning.HelpLink);
    }

    [Fact]
    public void A_warning_code_for_another_code_keeps_the_error()
    {
        var engine = new FakeBuildEngine();

        var result = Tasks.SdkPin(engine, Project, globalJsonPath: null, "10.0.100", "Enforce", "HB1005").Execute();

        Assert.False(result);
        Assert.Equal("HB1004", Assert.Single(engine.Errors).Code);
    }

    [Theory]
    [InlineData("Off")]
    [InlineData("off")]
    public void Off_logs_nothing_and_succeeds(string mode)
    {
        var engine = new FakeBuildEngine();
        var badGlobalJson = _dir.Write("global.json", "{ not json");

        Assert.True(Tasks.SdkPin(engine, Project, globalJsonPath: null, "10.0.100", mode).Execute());
        Assert.True(Tasks.SdkPin(engine, Project, badGlobalJson, "10.0.100", mode).Execute());

        Assert.Empty(engine.Diagnostics);
        Assert.Empty(engine.Messages);
    }

    [Theory]
    [InlineData("Strict")]
    [InlineData("Enforced")]
    public void An_invalid_mode_is_HB0001_error_even_with_warning_codes(string mode)
    {
        var engine = new FakeBuildEngine();

        var result = Tasks.SdkPin(engine, Project, globalJsonPath: null, "10.0.100", mode, warningCodes: "HB0001;HB1004").Execute();

        Assert.False(result);
        var error = Assert.Single(engine.Errors);
        Assert.Equal("HB0001", error.Code);
        Assert.Contains("settings", error.Message, StringComparison.Ordinal);
        Assert.Contains("HermeticMode", error.Message, StringComparison.Ordinal);
        Assert.Contains(mode, error.Message, StringComparison.Ordinal);
        Assert.Equal(Tasks.HelpLinkBase + "HB0001.md", error.HelpLink);
        // No location of its own: MSBuild's logging helper points at the task element.
        Assert.Equal(engine.ProjectFileOfTaskNode, error.File);
        Assert.Empty(engine.Warnings);
    }

    [Theory]
    [InlineData("https://hermetic.example.invalid/docs/diagnostics/", "https://hermetic.example.invalid/docs/diagnostics/HB1004.md")]
    [InlineData("https://hermetic.example.invalid/docs/diagnostics", "https://hermetic.example.invalid/docs/diagnostics/HB1004.md")]
    [InlineData("/opt/hermetic/docs/diagnostics/", "/opt/hermetic/docs/diagnostics/HB1004.md")]
    [InlineData(@"C:\hermetic\docs\diagnostics\", @"C:\hermetic\docs\diagnostics\HB1004.md")]
    public void The_help_link_is_the_base_plus_CODE_md(string helpLinkBase, string expected)
    {
        var engine = new FakeBuildEngine();
        var task = Tasks.SdkPin(engine, Project, globalJsonPath: null, "10.0.100");
        task.HelpLinkBase = helpLinkBase;

        task.Execute();

        Assert.Equal(expected, Assert.Single(engine.Errors).HelpLink);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Without_a_help_link_base_there_is_no_help_link(string? helpLinkBase)
    {
        var engine = new FakeBuildEngine();
        var task = Tasks.SdkPin(engine, Project, globalJsonPath: null, "10.0.100");
        task.HelpLinkBase = helpLinkBase;

        task.Execute();

        Assert.Null(Assert.Single(engine.Errors).HelpLink);
    }

    [Fact]
    public void The_same_diagnostic_at_the_same_place_is_logged_once_per_build()
    {
        var globalJson = _dir.Write("global.json", """{ "sdk": { "version": "10.0.100" } }""");
        var engine = new FakeBuildEngine();

        // Two projects (or two target frameworks of one) share the repository's global.json.
        Tasks.SdkPin(engine, _dir.Combine("src/A/A.csproj"), globalJson, "10.0.200").Execute();
        Tasks.SdkPin(engine, _dir.Combine("src/B/B.csproj"), globalJson, "10.0.200").Execute();
        Tasks.SdkPin(engine, _dir.Combine("src/A/A.csproj"), globalJson, "10.0.200").Execute();

        var error = Assert.Single(engine.Errors);
        Assert.Equal("HB1005", error.Code);
        Assert.Equal(globalJson, error.File);
    }

    [Fact]
    public void Diagnostics_at_different_places_are_all_logged()
    {
        var engine = new FakeBuildEngine();

        Tasks.SdkPin(engine, _dir.Combine("src/A/A.csproj"), null, "10.0.200").Execute();
        Tasks.SdkPin(engine, _dir.Combine("src/B/B.csproj"), null, "10.0.200").Execute();

        Assert.Equal(
            [_dir.Combine("src/A/A.csproj"), _dir.Combine("src/B/B.csproj")],
            engine.Errors.Select(e => e.File));
    }

    [Fact]
    public void Each_build_reports_again()
    {
        var globalJson = _dir.Write("global.json", """{ "sdk": { "version": "10.0.100" } }""");
        var first = new FakeBuildEngine();
        var second = new FakeBuildEngine();

        Tasks.SdkPin(first, Project, globalJson, "10.0.200").Execute();
        Tasks.SdkPin(second, Project, globalJson, "10.0.200").Execute();

        Assert.Single(first.Errors);
        Assert.Single(second.Errors);
    }

    [Fact]
    public void The_same_place_as_error_and_as_warning_are_different_reports()
    {
        var globalJson = _dir.Write("global.json", """{ "sdk": { "version": "10.0.100" } }""");
        var engine = new FakeBuildEngine();

        Tasks.SdkPin(engine, Project, globalJson, "10.0.200", "Audit").Execute();
        Tasks.SdkPin(engine, Project, globalJson, "10.0.200", "Enforce").Execute();

        Assert.Equal("HB1005", Assert.Single(engine.Warnings).Code);
        Assert.Equal("HB1005", Assert.Single(engine.Errors).Code);
    }

    [Fact]
    public void Malformed_global_json_is_HB0001_naming_the_check_the_file_and_the_line()
    {
        var globalJson = _dir.Write("global.json", "{\n  \"sdk\": {\n    \"version\": 10.0.100\n  }\n}\n");
        var engine = new FakeBuildEngine();

        var result = Tasks.SdkPin(engine, Project, globalJson, "10.0.100").Execute();

        Assert.False(result);
        var error = Assert.Single(engine.Errors);
        Assert.Equal("HB0001", error.Code);
        Assert.Equal(globalJson, error.File);
        Assert.Equal(3, error.Line);
        Assert.Contains("SDK pin", error.Message, StringComparison.Ordinal);
        Assert.Contains(globalJson, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error.Message, StringComparison.Ordinal);
        Assert.Equal(Tasks.HelpLinkBase + "HB0001.md", error.HelpLink);
    }

    [Fact]
    public void Malformed_input_in_audit_mode_is_still_an_HB0001_error()
    {
        var globalJson = _dir.Write("global.json", "[]");
        var engine = new FakeBuildEngine();

        var result = Tasks.SdkPin(engine, Project, globalJson, "10.0.100", "Audit", warningCodes: "HB0001").Execute();

        Assert.False(result);
        Assert.Equal("HB0001", Assert.Single(engine.Errors).Code);
        Assert.Empty(engine.Warnings);
    }

    [Fact]
    public void Malformed_xml_is_HB0001_naming_the_file_and_line_never_an_exception()
    {
        var project = _dir.Write("App.csproj", "<Project>\n  <PropertyGroup>\n    <A>1</B>\n  </PropertyGroup>\n</Project>\n");
        var engine = new FakeBuildEngine();

        var result = Tasks.PropertyFunctions(engine, project, _dir.Path).Execute();

        Assert.False(result);
        var error = Assert.Single(engine.Errors);
        Assert.Equal("HB0001", error.Code);
        Assert.Equal(project, error.File);
        Assert.Equal(3, error.Line);
        Assert.Contains("non-deterministic property function", error.Message, StringComparison.Ordinal);
        Assert.Contains(project, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_DTD_in_a_project_file_is_HB0001_not_an_exception()
    {
        var project = _dir.Write("App.csproj", "<!DOCTYPE Project [ <!ENTITY x \"y\"> ]>\n<Project>&x;</Project>\n");
        var engine = new FakeBuildEngine();

        var result = Tasks.Deterministic(engine, project, _dir.Path, "false").Execute();

        Assert.False(result);
        var error = Assert.Single(engine.Errors);
        Assert.Equal("HB0001", error.Code);
        Assert.Equal(project, error.File);
    }

    /// <summary>Regression: a global.json string that is not valid UTF-8 makes GlobalJson.Parse
    /// throw InvalidOperationException, which HermeticTask.Execute does not catch: MSBuild then
    /// prints MSB4018 with a stack trace instead of HB0001 naming the file.</summary>
    [Fact]
    public void Invalid_utf8_in_global_json_is_HB0001_not_an_exception()
    {
        var globalJson = _dir.WriteBytes("global.json", [.. "{\"sdk\":{\"version\":\"10.0."u8, 0xFF, .. "\"}}"u8]);
        var engine = new FakeBuildEngine();

        var result = Tasks.SdkPin(engine, Project, globalJson, "10.0.100").Execute();

        Assert.False(result);
        var error = Assert.Single(engine.Errors);
        Assert.Equal("HB0001", error.Code);
        Assert.Equal(globalJson, error.File);
    }

    /// <summary>A defect of a check (an exception no input explains) must still be an HB error
    /// with a count: the gate records only when every check's count is 0, so a check that threw
    /// without one would be skipped from then on.</summary>
    [Fact]
    public void An_unexpected_exception_is_HB0001_with_a_count_and_its_stack_at_low_importance()
    {
        var engine = new FakeBuildEngine();
        var task = new ThrowingCheck { BuildEngine = engine };

        Assert.False(task.Execute());

        var error = Assert.Single(engine.Errors);
        Assert.Equal("HB0001", error.Code);
        Assert.Contains("unexpected InvalidOperationException: a defect", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, task.DiagnosticCount);
        Assert.Contains(engine.Messages, m => m.Importance == Microsoft.Build.Framework.MessageImportance.Low
            && m.Message.Contains(nameof(ThrowingCheck), StringComparison.Ordinal));
    }

    private sealed class ThrowingCheck : Hermetic.Build.Core.HermeticTask
    {
        protected override string CheckName => "throwing";

        protected override void Run() => throw new InvalidOperationException("a defect");
    }
}
