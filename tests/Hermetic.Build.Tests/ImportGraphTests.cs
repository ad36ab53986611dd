using Hermetic.Build.MSBuildFiles;
using Hermetic.Build.Tests.TestSupport;

namespace Hermetic.Build.Tests;

public sealed class ImportGraphTests : IDisposable
{
    private static readonly IReadOnlyDictionary<string, string> NoProperties = new Dictionary<string, string>();

    private readonly TempDirectory _repo = new();
    private readonly MSBuildFile _importing;

    public ImportGraphTests()
    {
        _importing = MSBuildFile.Load(_repo.Write("src/App/App.csproj", "<Project />"));
    }

    public void Dispose() => _repo.Dispose();

    private List<string> Resolve(string? project, IReadOnlyDictionary<string, string>? properties = null) =>
        [.. ImportGraph.ResolveImport(project, _importing, properties ?? NoProperties)];

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Nothing_to_import(string? project)
    {
        Assert.Empty(Resolve(project));
    }

    [Theory]
    [InlineData("x.props", "src/App/x.props")]
    [InlineData("./x.props", "src/App/x.props")]
    [InlineData("../../x.props", "x.props")]
    [InlineData(@"..\..\build\x.props", "build/x.props")]
    [InlineData("$(MSBuildThisFileDirectory)x.props", "src/App/x.props")]
    [InlineData("$(MSBuildThisFileDirectory)../x.props", "src/x.props")]
    [InlineData("$( MSBuildThisFileDirectory )x.props", "src/App/x.props")]
    [InlineData("$(msbuildthisfiledirectory)x.props", "src/App/x.props")]
    [InlineData("$(MSBuildThisFileDirectory)$(MSBuildThisFileName).props", "src/App/App.props")]
    [InlineData("$(MSBuildThisFileFullPath).user", "src/App/App.csproj.user")]
    [InlineData("$(MSBuildThisFileDirectory)$(MSBuildThisFile).user", "src/App/App.csproj.user")]
    [InlineData("$(MSBuildThisFileName)$(MSBuildThisFileExtension).props", "src/App/App.csproj.props")]
    public void Relative_paths_and_this_file_properties_resolve_against_the_importing_file(string project, string expected)
    {
        // Files need not exist: the walk skips the ones that do not.
        Assert.Equal([_repo.Combine(expected)], Resolve(project));
    }

    [Fact]
    public void An_absolute_path_is_kept()
    {
        var path = _repo.Combine("elsewhere/x.props");

        Assert.Equal([path], Resolve(path));
    }

    [Fact]
    public void Passed_properties_are_expanded()
    {
        var properties = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["HermeticRoot"] = _repo.Path + Path.DirectorySeparatorChar,
            ["MSBuildProjectDirectory"] = _repo.Combine("src/App"),
        };

        Assert.Equal([_repo.Combine("build/x.props")], Resolve("$(HermeticRoot)build/x.props", properties));
        Assert.Equal([_repo.Combine("src/App/y.props")], Resolve("$(MSBuildProjectDirectory)/y.props", properties));
    }

    [Theory]
    [InlineData("$(Unknown)x.props")]
    [InlineData("$(MSBuildThisFileDirectory)$(Configuration).props")]
    [InlineData("@(Imports)")]
    [InlineData("%(Identity).props")]
    [InlineData("$(MSBuildExtensionsPath)/Microsoft/x.targets")]
    [InlineData("a.props;$(Unknown).props")]
    public void An_unknown_property_or_an_item_is_not_followed(string project)
    {
        Assert.Empty(Resolve(project));
    }

    [Fact]
    public void Semicolon_lists_name_several_files_in_order()
    {
        Assert.Equal(
            [_repo.Combine("src/App/b.props"), _repo.Combine("src/App/a.props"), _repo.Combine("build/c.props")],
            Resolve(" b.props ; a.props;;$(MSBuildThisFileDirectory)../../build/c.props ;"));
    }

    [Fact]
    public void Wildcards_expand_to_existing_files_in_ordinal_order()
    {
        _repo.Write("build/b.props", "<Project />");
        _repo.Write("build/a.props", "<Project />");
        _repo.Write("build/B2.props", "<Project />");
        _repo.Write("build/c.targets", "<Project />");
        _repo.Write("build/sub/d.props", "<Project />");

        Assert.Equal(
            [_repo.Combine("build/B2.props"), _repo.Combine("build/a.props"), _repo.Combine("build/b.props")],
            Resolve("../../build/*.props"));
        Assert.Equal([_repo.Combine("build/a.props")], Resolve("$(MSBuildThisFileDirectory)../../build/?.props").Take(1));
        Assert.Equal(2, Resolve("../../build/?.props").Count);
    }

    [Theory]
    [InlineData("../../missing/*.props")]
    [InlineData("../../*/x.props")]
    [InlineData("../../**/*.props")]
    public void Wildcards_in_folders_or_missing_folders_give_nothing(string project)
    {
        _repo.Write("build/x.props", "<Project />");

        Assert.Empty(Resolve(project));
    }

    [Fact]
    public void GetPathOfFileAbove_finds_the_file_in_a_folder_above()
    {
        _repo.Write("Directory.Build.props", "<Project />");
        _repo.Write("src/Directory.Build.props", "<Project />");

        Assert.Equal([_repo.Combine("src/Directory.Build.props")], Resolve("$([MSBuild]::GetPathOfFileAbove('Directory.Build.props'))"));
        Assert.Equal([_repo.Combine("src/Directory.Build.props")], Resolve("$([MSBuild]::GetPathOfFileAbove(Directory.Build.props))"));
        Assert.Equal(
            [_repo.Combine("Directory.Build.props")],
            Resolve("$([MSBuild]::GetPathOfFileAbove('Directory.Build.props', '$(MSBuildThisFileDirectory)../../'))"));
        Assert.Equal(
            [_repo.Combine("Directory.Build.props")],
            Resolve("$([MSBuild]::GetPathOfFileAbove( 'Directory.Build.props' , '../..' ))"));
    }

    [Fact]
    public void GetPathOfFileAbove_of_a_missing_file_gives_nothing()
    {
        Assert.Empty(Resolve("$([MSBuild]::GetPathOfFileAbove('no-such-file.props.8f3a'))"));
    }

    [Fact]
    public void GetDirectoryNameOfFileAbove_finds_the_folder()
    {
        _repo.Write("shared.props", "<Project />");

        Assert.Equal(
            [_repo.Combine("shared.props")],
            Resolve("$([MSBuild]::GetDirectoryNameOfFileAbove('$(MSBuildThisFileDirectory)', 'shared.props'))/shared.props"));
        Assert.Equal(
            [_repo.Combine("shared.props")],
            Resolve("$([MSBuild]::GetDirectoryNameOfFileAbove($(MSBuildThisFileDirectory), shared.props))/shared.props"));
    }

    [Theory]
    [InlineData("sub/x", true)]
    [InlineData("x", true)]
    [InlineData("", false)]
    [InlineData("../other/x", false)]
    public void IsInside_compares_whole_folder_names(string relative, bool inside)
    {
        var root = _repo.Combine("repo");

        Assert.Equal(inside, ImportGraph.IsInside(relative.Length == 0 ? root : Path.Combine(root, relative), root));
        Assert.Equal(inside, ImportGraph.IsInside(relative.Length == 0 ? root : Path.Combine(root, relative), root + Path.DirectorySeparatorChar));
    }

    [Fact]
    public void IsInside_rejects_a_sibling_with_the_same_prefix_and_an_empty_root()
    {
        var root = _repo.Combine("repo");

        Assert.False(ImportGraph.IsInside(root + "-other" + Path.DirectorySeparatorChar + "x.props", root));
        Assert.False(ImportGraph.IsInside(Path.Combine(root, "x.props"), ""));
    }

    [Fact]
    public void Walk_yields_imported_elements_in_place_of_the_import()
    {
        _repo.Write("src/App/a.props", "<Project><A /></Project>");
        var project = _repo.Write("src/App/Main.proj", "<Project><Before /><Import Project=\"a.props\" /><After /></Project>");

        var names = ImportGraph.Walk(null, [project], _repo.Path, NoProperties).Select(e => e.Element.Name.LocalName).ToList();

        Assert.Equal(["Project", "Before", "Import", "Project", "A", "After"], names);
    }

    [Fact]
    public void Walk_reads_a_file_once_per_build_through_the_engine_cache()
    {
        var project = _repo.Write("src/App/Main.proj", "<Project><X /></Project>");
        var engine = new FakeBuildEngine();

        var first = ImportGraph.Walk(engine, [project], _repo.Path, NoProperties).First().File;
        var second = ImportGraph.Walk(engine, [project], _repo.Path, NoProperties).First().File;
        var otherBuild = ImportGraph.Walk(new FakeBuildEngine(), [project], _repo.Path, NoProperties).First().File;

        Assert.Same(first, second);
        Assert.NotSame(first, otherBuild);
    }

    [Fact]
    public void Properties_the_walked_files_define_are_used_by_later_imports()
    {
        _repo.Write("eng/Versions.props", "<Project><Stamp /></Project>");
        _repo.Write("eng/Other.props", "<Project><Other /></Project>");
        var props = _repo.Write("Directory.Build.props", """
            <Project>
              <PropertyGroup>
                <RepoRoot>$(MSBuildThisFileDirectory)</RepoRoot>
                <EngDir>$(RepoRoot)eng\</EngDir>
              </PropertyGroup>
              <Import Project="$(EngDir)Versions.props" />
              <Import Project="$([MSBuild]::NormalizePath('$(RepoRoot)', 'eng', 'Other.props'))" />
            </Project>
            """);

        var names = ImportGraph.Walk(null, [props], _repo.Path, NoProperties).Select(e => e.Element.Name.LocalName).ToList();

        Assert.Contains("Stamp", names);
        Assert.Contains("Other", names);
    }

    [Theory]
    [InlineData(@"$([MSBuild]::GetPathOfFileAbove('Directory.Build.props', '$(MSBuildThisFileDirectory)..'))")]
    [InlineData("$([MSBuild]::GetPathOfFileAbove('Directory.Build.props', '$(MSBuildThisFileDirectory)../'))")]
    [InlineData("$([MSBuild]::GetDirectoryNameOfFileAbove($(MSBuildThisFileDirectory).., Directory.Build.props))/Directory.Build.props")]
    [InlineData(@"$([MSBuild]::NormalizeDirectory($(MSBuildThisFileDirectory), '..'))Directory.Build.props")]
    public void Chained_Directory_Build_props_are_followed_whatever_the_separators(string import)
    {
        _repo.Write("Directory.Build.props", "<Project><Outer /></Project>");
        var inner = _repo.Write("src/Directory.Build.props", $"<Project><Import Project=\"{import}\" /></Project>");

        var names = ImportGraph.Walk(null, [inner], _repo.Path, NoProperties).Select(e => e.Element.Name.LocalName).ToList();

        Assert.Contains("Outer", names);
    }

    [Fact]
    public void Wildcards_and_missing_imports_are_recorded_as_probes()
    {
        _repo.Write("eng/a.props", "<Project />");
        var props = _repo.Write("Directory.Build.props",
            "<Project><Import Project=\"eng/*.props\" /><Import Project=\"local.props\" Condition=\"Exists('local.props')\" /></Project>");
        var probes = new ImportProbes();

        _ = ImportGraph.Walk(null, [props], _repo.Path, NoProperties, probes).ToList();

        Assert.Equal([_repo.Combine("eng/*.props"), _repo.Combine("local.props")], probes.Patterns.Order(StringComparer.Ordinal));
    }
}
