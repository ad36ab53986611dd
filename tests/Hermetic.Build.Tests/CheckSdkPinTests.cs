using Hermetic.Build.Tests.TestSupport;

namespace Hermetic.Build.Tests;

public sealed class CheckSdkPinTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly FakeBuildEngine _engine = new();

    public void Dispose() => _dir.Dispose();

    private string Project => _dir.Combine("src/App/App.csproj");

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Without_global_json_HB1004_names_the_project_file(string? globalJsonPath)
    {
        var result = Tasks.SdkPin(_engine, Project, globalJsonPath, "10.0.401").Execute();

        Assert.False(result);
        var error = Assert.Single(_engine.Errors);
        Assert.Equal("HB1004", error.Code);
        Assert.Equal(Project, error.File);
        Assert.Equal(0, error.Line);
        Assert.Contains("No global.json", error.Message, StringComparison.Ordinal);
        // The fix names the running SDK.
        Assert.Contains("\"version\": \"10.0.401\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("rollForward", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_global_json_path_that_does_not_exist_is_HB1004_at_the_project()
    {
        Tasks.SdkPin(_engine, Project, _dir.Combine("global.json"), "10.0.401").Execute();

        var error = Assert.Single(_engine.Errors);
        Assert.Equal("HB1004", error.Code);
        Assert.Equal(Project, error.File);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{ \"sdk\": { \"rollForward\": \"latestFeature\" } }")]
    [InlineData("{ \"msbuild-sdks\": { \"Hermetic.Build\": \"1.0.0\" } }")]
    public void Without_sdk_version_HB1004_points_at_global_json(string json)
    {
        var globalJson = _dir.Write("global.json", json);

        var result = Tasks.SdkPin(_engine, Project, globalJson, "10.0.401").Execute();

        Assert.False(result);
        var error = Assert.Single(_engine.Errors);
        Assert.Equal("HB1004", error.Code);
        Assert.Equal(globalJson, error.File);
        Assert.Equal(1, error.Line);
        Assert.Contains("does not set \"sdk\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("10.0.401", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_different_version_is_HB1005_at_the_version_in_global_json()
    {
        var json = """
            {
              "sdk": {
                "rollForward": "disable",
                "version": "10.0.100"
              }
            }
            """;
        var globalJson = _dir.Write("global.json", json);

        var result = Tasks.SdkPin(_engine, Project, globalJson, "10.0.401").Execute();

        Assert.False(result);
        var error = Assert.Single(_engine.Errors);
        Assert.Equal("HB1005", error.Code);
        Assert.Equal(globalJson, error.File);
        var (line, column) = TextPosition.Of(json, "\"10.0.100\"");
        Assert.Equal(4, line);
        Assert.Equal((line, column), (error.Line, error.Column));
        Assert.Contains("The running .NET SDK is 10.0.401, but global.json pins 10.0.100.", error.Message, StringComparison.Ordinal);
        Assert.Equal(Tasks.HelpLinkBase + "HB1005.md", error.HelpLink);
    }

    [Theory]
    [InlineData("10.0.401", "10.0.401")]
    [InlineData("10.0.401", " 10.0.401 ")]
    [InlineData(" 10.0.401", "10.0.401")]
    [InlineData("10.0.100-RC.1.25451.107", "10.0.100-rc.1.25451.107")]
    public void The_pinned_version_running_is_no_diagnostic(string pinned, string running)
    {
        var globalJson = _dir.Write("global.json", "{ \"sdk\": { \"version\": \"" + pinned + "\", \"rollForward\": \"disable\" } }");

        var result = Tasks.SdkPin(_engine, Project, globalJson, running).Execute();

        Assert.True(result);
        Assert.Empty(_engine.Diagnostics);
    }

    [Theory]
    [InlineData("10.0.400")]
    [InlineData("10.0.4010")]
    [InlineData("10.0")]
    public void Roll_forward_is_no_excuse_the_pin_must_be_exact(string running)
    {
        var globalJson = _dir.Write("global.json", "{ \"sdk\": { \"version\": \"10.0.401\", \"rollForward\": \"latestMajor\" } }");

        Tasks.SdkPin(_engine, Project, globalJson, running).Execute();

        Assert.Equal("HB1005", Assert.Single(_engine.Errors).Code);
    }

    [Fact]
    public void The_global_json_is_read_again_when_it_changes()
    {
        var globalJson = _dir.Write("global.json", "{ \"sdk\": { \"version\": \"10.0.100\" } }");
        Tasks.SdkPin(_engine, Project, globalJson, "10.0.401").Execute();

        File.WriteAllText(globalJson, "{ \"sdk\": { \"version\": \"10.0.401\" }, \"x\": 1 }");
        var result = Tasks.SdkPin(_engine, Project, globalJson, "10.0.401").Execute();

        Assert.True(result);
        Assert.Single(_engine.Errors);
    }
}
