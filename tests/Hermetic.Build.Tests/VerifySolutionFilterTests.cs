using Hermetic.Build.Core;
using Hermetic.Build.Tests.TestSupport;
using Hermetic.Build.Verify;

namespace Hermetic.Build.Tests;

/// <summary>
/// A solution filter as VerifyHermetic's entry point: read as MSBuild reads it (comments, trailing commas,
/// either separator, paths relative to the filter and the solution); anything malformed is HB0001 naming the file.
/// </summary>
public sealed class VerifySolutionFilterTests
{
    private const string Solution = "Microsoft Visual Studio Solution File, Format Version 12.00\n";

    [Fact]
    public void A_filter_names_its_solution_and_projects_relative_to_the_solution()
    {
        using var temp = new TempDirectory();
        temp.Write("shop.sln", Solution);
        var path = temp.Write("filters/app.slnf", """
            {
              // written by hand: MSBuild allows comments and trailing commas
              "solution": {
                "path": "..\\shop.sln",
                "projects": [ "app\\app.csproj", "tests/app.tests/app.tests.csproj", ],
              }
            }
            """);

        var filter = SolutionFilter.Read(path);

        Assert.Equal(temp.Combine("shop.sln"), filter.SolutionPath);
        Assert.Equal(["app/app.csproj", "tests/app.tests/app.tests.csproj"], filter.Projects);
        Assert.Equal([temp.Combine("app/app.csproj"), temp.Combine("tests/app.tests/app.tests.csproj")], filter.ProjectPaths());
        Assert.True(SolutionFilter.IsFilter(path));
        Assert.False(SolutionFilter.IsFilter(temp.Combine("shop.sln")));
        Assert.True(SolutionFilter.IsSolution(temp.Combine("shop.sln")) && SolutionFilter.IsSolution("all.slnx"));
    }

    [Theory]
    [InlineData("{ \"solution\": ", "not valid JSON")]
    [InlineData("[]", "'solution' object")]
    [InlineData("{ \"solution\": { \"projects\": [\"app/app.csproj\"] } }", "'solution.path' must be a string")]
    [InlineData("{ \"solution\": { \"path\": \"other.sln\", \"projects\": [\"app/app.csproj\"] } }", "names no solution file")]
    [InlineData("{ \"solution\": { \"path\": \"/elsewhere/shop.sln\", \"projects\": [\"app/app.csproj\"] } }", "absolute path")]
    [InlineData("{ \"solution\": { \"path\": \"shop.sln\" } }", "'solution.projects' must be an array")]
    [InlineData("{ \"solution\": { \"path\": \"shop.sln\", \"projects\": [1] } }", "not a project path")]
    [InlineData("{ \"solution\": { \"path\": \"shop.sln\", \"projects\": [] } }", "builds nothing")]
    public void A_malformed_filter_is_bad_input_naming_the_file(string content, string expected)
    {
        using var temp = new TempDirectory();
        temp.Write("shop.sln", Solution);
        var path = temp.Write("app.slnf", content);

        var error = Assert.Throws<HermeticInputException>(() => SolutionFilter.Read(path));

        Assert.Equal(path, error.Location.File);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_filter_is_bad_input_naming_it()
    {
        using var temp = new TempDirectory();

        var error = Assert.Throws<HermeticInputException>(() => SolutionFilter.Read(temp.Combine("none.slnf")));

        Assert.Equal(temp.Combine("none.slnf"), error.Location.File);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_tracked_filters_of_a_solution_are_found_and_unreadable_ones_left_out()
    {
        using var temp = new TempDirectory();
        temp.Write("shop.sln", Solution);
        temp.Write("other.sln", Solution);
        temp.Write("app.slnf", """{ "solution": { "path": "shop.sln", "projects": ["app/app.csproj"] } }""");
        temp.Write("lib.slnf", """{ "solution": { "path": "other.sln", "projects": ["lib/lib.csproj"] } }""");
        temp.Write("broken.slnf", "{");

        var filters = SolutionFilter.FiltersOf(temp.Combine("shop.sln"), temp.Path + Path.DirectorySeparatorChar,
            ["app.slnf", "broken.slnf", "lib.slnf", "shop.sln", "untracked-is-not-listed.slnf"]);

        Assert.Equal(["app.slnf"], filters);
    }
}
