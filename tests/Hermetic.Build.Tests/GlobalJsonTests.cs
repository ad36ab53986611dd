using System.Text;
using Hermetic.Build.Core;
using Hermetic.Build.Tests.TestSupport;
using Hermetic.Build.Toolchain;

namespace Hermetic.Build.Tests;

public class GlobalJsonTests
{
    private const string Path = "/repo/global.json";

    private static GlobalJson Parse(string json) => GlobalJson.Parse(Path, Encoding.UTF8.GetBytes(json.ReplaceLineEndings("\n")));

    private static HermeticInputException ParseFails(string json) =>
        Assert.Throws<HermeticInputException>(() => Parse(json));

    [Fact]
    public void Reads_the_sdk_version_and_where_it_is_written()
    {
        var json = """
            {
              "sdk": {
                "rollForward": "disable",
                "version": "10.0.401"
              }
            }
            """;

        var globalJson = Parse(json);

        Assert.Equal("10.0.401", globalJson.SdkVersion);
        Assert.Equal("disable", globalJson.RollForward);
        Assert.Equal(Path, globalJson.Path);
        var (line, column) = TextPosition.Of(json, "\"10.0.401\"");
        Assert.Equal(new SourceLocation(Path, line, column), globalJson.SdkVersionLocation);
        Assert.Equal(4, globalJson.SdkVersionLocation.Line);
    }

    [Fact]
    public void A_one_line_file_points_at_the_version_column()
    {
        var json = """{"sdk":{"version":"10.0.100"}}""";

        var globalJson = Parse(json);

        Assert.Equal(new SourceLocation(Path, 1, json.IndexOf("\"10.0.100\"", StringComparison.Ordinal) + 1), globalJson.SdkVersionLocation);
    }

    [Fact]
    public void Comments_and_trailing_commas_are_allowed()
    {
        var json = """
            // the SDK this repository builds with
            {
              /* pinned */ "sdk": {
                "version": "10.0.401", // exact
                "rollForward": "disable",
              },
              "tools": { "x": [1, 2,], },
            }
            """;

        var globalJson = Parse(json);

        Assert.Equal("10.0.401", globalJson.SdkVersion);
        Assert.Equal(4, globalJson.SdkVersionLocation.Line);
    }

    [Fact]
    public void A_byte_order_mark_is_skipped_and_columns_do_not_count_it()
    {
        var json = "{\"sdk\":{\"version\":\"10.0.100\"}}";
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes(json)).ToArray();

        var globalJson = GlobalJson.Parse(Path, bytes);

        Assert.Equal("10.0.100", globalJson.SdkVersion);
        Assert.Equal(new SourceLocation(Path, 1, json.IndexOf("\"10.0.100\"", StringComparison.Ordinal) + 1), globalJson.SdkVersionLocation);
    }

    [Fact]
    public void Load_reads_a_file_with_a_byte_order_mark()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("global.json");
        File.WriteAllText(path, "{ \"sdk\": { \"version\": \"9.0.100\" } }", new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));

        var globalJson = GlobalJson.Load(path);

        Assert.Equal("9.0.100", globalJson.SdkVersion);
        Assert.Equal(path, globalJson.Path);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{ \"msbuild-sdks\": { \"Hermetic.Build\": \"1.0.0\" } }")]
    [InlineData("{ \"sdk\": {} }")]
    [InlineData("{ \"sdk\": { \"rollForward\": \"latestMajor\" } }")]
    public void Without_sdk_version_the_version_is_null_and_the_location_is_the_start_of_the_file(string json)
    {
        var globalJson = Parse(json);

        Assert.Null(globalJson.SdkVersion);
        Assert.Equal(new SourceLocation(Path, 1, 1), globalJson.SdkVersionLocation);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void An_empty_version_is_no_version_and_points_at_the_empty_value(string version)
    {
        var json = "{ \"sdk\": { \"version\": \"" + version + "\" } }";

        var globalJson = Parse(json);

        Assert.Null(globalJson.SdkVersion);
        Assert.Equal(new SourceLocation(Path, 1, json.LastIndexOf(':') + 3), globalJson.SdkVersionLocation);
    }

    [Fact]
    public void The_version_is_trimmed()
    {
        Assert.Equal("10.0.100", Parse("{ \"sdk\": { \"version\": \" 10.0.100 \" } }").SdkVersion);
    }

    [Fact]
    public void Other_sections_are_skipped_whatever_their_shape()
    {
        var globalJson = Parse("""
            {
              "test": { "runner": "Microsoft.Testing.Platform", "nested": { "a": [ {}, [], null, true, 1.5 ] } },
              "list": [ { "sdk": { "version": "1.0.0" } } ],
              "sdk": { "paths": [ ".dotnet", "$host$" ], "errorMessage": "x", "version": "10.0.401" },
              "number": 3
            }
            """);

        Assert.Equal("10.0.401", globalJson.SdkVersion);
        Assert.Equal(4, globalJson.SdkVersionLocation.Line);
    }

    [Fact]
    public void Reads_the_msbuild_sdks_map()
    {
        var globalJson = Parse("""
            {
              "sdk": { "version": "10.0.401" },
              "msbuild-sdks": {
                "Hermetic.Build": "1.2.3",
                "Microsoft.Build.NoTargets": "3.7.56",
              }
            }
            """);

        Assert.Equal(2, globalJson.MSBuildSdks.Count);
        Assert.Equal("1.2.3", globalJson.MSBuildSdks["Hermetic.Build"]);
        Assert.Equal("1.2.3", globalJson.MSBuildSdks["hermetic.build"]);
        Assert.Equal("3.7.56", globalJson.MSBuildSdks["Microsoft.Build.NoTargets"]);
    }

    [Fact]
    public void Without_msbuild_sdks_the_map_is_empty()
    {
        Assert.Empty(Parse("{ \"sdk\": { \"version\": \"10.0.401\" } }").MSBuildSdks);
    }

    [Theory]
    [InlineData("10.0")]
    [InlineData("null")]
    [InlineData("true")]
    [InlineData("[\"10.0.100\"]")]
    [InlineData("{ \"value\": \"10.0.100\" }")]
    public void A_version_that_is_not_a_string_is_an_input_error_at_the_value(string value)
    {
        var json = "{\n  \"sdk\": {\n    \"version\": " + value + "\n  }\n}\n";

        var e = ParseFails(json);

        Assert.Equal(new SourceLocation(Path, 3, 16), e.Location);
        Assert.Contains("sdk.version", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{ \"sdk\": \"10.0.100\" }", "\"sdk\" must be an object")]
    [InlineData("{ \"sdk\": [] }", "\"sdk\" must be an object")]
    [InlineData("{ \"msbuild-sdks\": [] }", "\"msbuild-sdks\" must be an object")]
    [InlineData("{ \"msbuild-sdks\": { \"Hermetic.Build\": 1 } }", "\"msbuild-sdks\".\"Hermetic.Build\" must be a version string")]
    [InlineData("[]", "the file must be a JSON object")]
    [InlineData("\"10.0.100\"", "the file must be a JSON object")]
    public void A_section_of_the_wrong_shape_is_an_input_error_with_a_location(string json, string reason)
    {
        var e = ParseFails(json);

        Assert.Equal(Path, e.Location.File);
        Assert.Equal(1, e.Location.Line);
        Assert.True(e.Location.Column >= 1);
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n  ")]
    [InlineData("// only a comment\n")]
    public void An_empty_file_is_an_input_error(string json)
    {
        var e = ParseFails(json);

        Assert.Equal(Path, e.Location.File);
        Assert.True(e.Location.Line >= 1);
    }

    [Theory]
    [InlineData("{\n  \"sdk\": {\n    \"version\": 10.0.100\n  }\n}\n", 3)]
    [InlineData("{\n  \"sdk\": {\n    \"version\": \"10.0.100\"\n  \n}\n", 6)]
    [InlineData("{\n  \"sdk\": { \"version\": \"10.0.100\" }\n  \"x\": 1\n}\n", 3)]
    [InlineData("{\n  \"sdk\": { 'version': \"10.0.100\" }\n}\n", 2)]
    public void Malformed_json_is_an_input_error_with_its_line(string json, int line)
    {
        var e = ParseFails(json);

        Assert.Equal(Path, e.Location.File);
        Assert.Equal(line, e.Location.Line);
        Assert.True(e.Location.Column >= 1);
        Assert.StartsWith("it is not valid JSON (", e.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<System.Text.Json.JsonException>(e.InnerException);
    }

    [Fact]
    public void A_truncated_file_is_an_input_error()
    {
        var e = ParseFails("{\n  \"sdk\": {\n    \"version\": \"10.0.100\"\n");

        Assert.Equal(Path, e.Location.File);
        Assert.True(e.Location.Line >= 3, $"line {e.Location.Line}");
    }

    /// <summary>Regression: Parse stops at the end of the top-level object and never reads on, so
    /// content after it (an extra brace, a second object) passes, although the dotnet host rejects
    /// such a global.json ("anything else malformed is an HermeticInputException").</summary>
    [Theory]
    [InlineData("{\n  \"sdk\": { \"version\": \"10.0.100\" }\n}\n}\n")]
    [InlineData("{ \"sdk\": { \"version\": \"10.0.100\" } } { }")]
    [InlineData("{ \"sdk\": { \"version\": \"10.0.100\" } } x")]
    public void Content_after_the_object_is_an_input_error(string json)
    {
        ParseFails(json);
    }

    /// <summary>Regression: a string that is not valid UTF-8 makes Utf8JsonReader.GetString throw
    /// InvalidOperationException, which Parse does not turn into HermeticInputException (and
    /// HermeticTask does not catch), so the check crashes instead of reporting HB0001.</summary>
    [Theory]
    [InlineData("{\"sdk\":{\"version\":\"10.0.\xFF\"}}")]
    [InlineData("{\"\xFF\":1}")]
    public void Invalid_utf8_is_an_input_error(string latin1)
    {
        var bytes = Encoding.Latin1.GetBytes(latin1);

        var e = Assert.Throws<HermeticInputException>(() => GlobalJson.Parse(Path, bytes));

        Assert.Equal(Path, e.Location.File);
    }
}
