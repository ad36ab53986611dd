using Hermetic.Build.Core;
using Hermetic.Build.Tool.Init;

namespace Hermetic.Build.Tool.Tests;

public class GlobalJsonEditorTests
{
    private const string Path = "/repo/global.json";

    [Fact]
    public void Creates_a_pin_of_the_sdk_and_of_Hermetic_Build()
    {
        var edit = GlobalJsonEditor.Edit(Path, null, "10.0.401", "0.1.0");

        Assert.True(edit.Changes);
        Assert.Contains("\"version\": \"10.0.401\"", edit.After, StringComparison.Ordinal);
        Assert.Contains("\"rollForward\": \"disable\"", edit.After, StringComparison.Ordinal);
        Assert.Contains("\"Hermetic.Build\": \"0.1.0\"", edit.After, StringComparison.Ordinal);
    }

    [Fact]
    public void Keeps_what_is_there_and_adds_msbuild_sdks()
    {
        const string existing = "{\n  \"sdk\": { \"version\": \"10.0.100\", \"rollForward\": \"latestFeature\" },\n  \"msbuild-sdks\": { \"Microsoft.Build.NoTargets\": \"3.7.0\" },\n  \"test\": { \"runner\": \"x\" }\n}\n";

        var edit = GlobalJsonEditor.Edit(Path, existing, "10.0.401", "0.1.0");

        Assert.Contains("\"version\": \"10.0.401\"", edit.After, StringComparison.Ordinal);
        Assert.Contains("\"rollForward\": \"latestFeature\"", edit.After, StringComparison.Ordinal);
        Assert.Contains("\"Microsoft.Build.NoTargets\": \"3.7.0\"", edit.After, StringComparison.Ordinal);
        Assert.Contains("\"runner\": \"x\"", edit.After, StringComparison.Ordinal);
        Assert.Contains(edit.Notes, n => n.Contains("10.0.100 -> 10.0.401", StringComparison.Ordinal));
        Assert.True(edit.After.IndexOf("\"sdk\"", StringComparison.Ordinal) < edit.After.IndexOf("\"test\"", StringComparison.Ordinal));
    }

    [Fact]
    public void A_second_run_changes_nothing()
    {
        var first = GlobalJsonEditor.Edit(Path, "{ \"sdk\": { \"version\": \"9.0.100\" } }", "10.0.401", "0.1.0");
        var second = GlobalJsonEditor.Edit(Path, first.After, "10.0.401", "0.1.0");

        Assert.True(first.Changes);
        Assert.False(second.Changes);
        Assert.Equal(first.After, second.After);
    }

    [Fact]
    public void A_malformed_file_is_named_with_its_line()
    {
        var e = Assert.Throws<HermeticInputException>(() => GlobalJsonEditor.Edit(Path, "{\n  \"sdk\": [\n", "10.0.401", "0.1.0"));

        Assert.Equal(Path, e.Location.File);
        Assert.Equal(2, e.Location.Line);
    }
}

public class MSBuildFileEditorTests
{
    [Fact]
    public void Creates_props_that_import_the_sdk_and_allow_the_https_sources()
    {
        var edit = MSBuildFileEditor.EditProps("/r/Directory.Build.props", null, ["https://pkgs.example.invalid/v3/index.json"]);

        Assert.Contains("<Import Project=\"Sdk.props\" Sdk=\"Hermetic.Build\" />", edit.After, StringComparison.Ordinal);
        Assert.Contains("<HermeticAllowedSources>https://pkgs.example.invalid/v3/index.json</HermeticAllowedSources>", edit.After, StringComparison.Ordinal);
        Assert.NotNull(System.Xml.Linq.XDocument.Parse(edit.After).Root);
    }

    [Fact]
    public void Merges_into_a_users_props_first_keeping_its_comments_and_layout()
    {
        const string existing = "<Project>\n  <!-- ours -->\n  <PropertyGroup>\n    <Nullable>enable</Nullable>\n  </PropertyGroup>\n</Project>\n";

        var edit = MSBuildFileEditor.EditProps("/r/Directory.Build.props", existing, []);

        Assert.Equal("<Project>\n  <Import Project=\"Sdk.props\" Sdk=\"Hermetic.Build\" />\n  <!-- ours -->\n  <PropertyGroup>\n    <Nullable>enable</Nullable>\n  </PropertyGroup>\n</Project>\n", edit.After);
    }

    [Fact]
    public void Merges_into_a_users_targets_last()
    {
        const string existing = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n<Project>\r\n    <Target Name=\"Mine\" />\r\n</Project>\r\n";

        var edit = MSBuildFileEditor.EditTargets("/r/Directory.Build.targets", existing);

        Assert.Equal("<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n<Project>\r\n    <Target Name=\"Mine\" />\r\n    <Import Project=\"Sdk.targets\" Sdk=\"Hermetic.Build\" />\r\n</Project>\r\n", edit.After);
    }

    [Fact]
    public void Adds_allowed_sources_to_an_existing_property_without_losing_any()
    {
        const string existing = "<Project>\n  <Import Project=\"Sdk.props\" Sdk=\"Hermetic.Build\" />\n  <PropertyGroup>\n    <HermeticAllowedSources>https://a.example.invalid/v3/index.json</HermeticAllowedSources>\n  </PropertyGroup>\n</Project>\n";

        var edit = MSBuildFileEditor.EditProps("/r/Directory.Build.props", existing, ["https://a.example.invalid/v3/index.json", "https://b.example.invalid/v3/index.json"]);

        Assert.Contains("<HermeticAllowedSources>https://a.example.invalid/v3/index.json;https://b.example.invalid/v3/index.json</HermeticAllowedSources>", edit.After, StringComparison.Ordinal);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(edit.After, "Sdk.props"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("<Project>\n  <PropertyGroup>\n    <A>1</A>\n  </PropertyGroup>\n</Project>\n")]
    [InlineData("<Project />")]
    public void A_second_run_changes_nothing(string? existing)
    {
        var sources = new[] { "https://pkgs.example.invalid/v3/index.json" };
        var props = MSBuildFileEditor.EditProps("/r/Directory.Build.props", existing, sources);
        var targets = MSBuildFileEditor.EditTargets("/r/Directory.Build.targets", existing);

        Assert.False(MSBuildFileEditor.EditProps("/r/Directory.Build.props", props.After, sources).Changes);
        Assert.False(MSBuildFileEditor.EditTargets("/r/Directory.Build.targets", targets.After).Changes);
        Assert.NotNull(System.Xml.Linq.XDocument.Parse(props.After).Root);
        Assert.NotNull(System.Xml.Linq.XDocument.Parse(targets.After).Root);
    }

    [Fact]
    public void A_file_that_is_not_a_project_is_refused_with_its_name()
    {
        var e = Assert.Throws<HermeticInputException>(() => MSBuildFileEditor.EditProps("/r/Directory.Build.props", "<Project>", []));

        Assert.Equal("/r/Directory.Build.props", e.Location.File);
    }
}

public class NuGetConfigEditorTests
{
    private const string Path = "/r/nuget.config";

    private static NuGetConfigPlan Plan(IReadOnlyDictionary<string, IReadOnlyList<string>>? mapping = null, Dictionary<string, string>? removed = null) => new(
        [new PlannedSource("company", "https://pkgs.example.invalid/v3/index.json"), new PlannedSource("hermetic-vendor", "vendor/packages")],
        removed ?? [],
        mapping ?? new Dictionary<string, IReadOnlyList<string>> { ["company"] = ["*"], ["hermetic-vendor"] = ["Hermetic.Build", "Fixture.Local"] },
        ClearFallbackFolders: false);

    [Fact]
    public void Creates_a_complete_configuration()
    {
        var edit = NuGetConfigEditor.Edit(Path, null, Plan());

        var document = System.Xml.Linq.XDocument.Parse(edit.After);
        var sources = document.Root!.Element("packageSources")!.Elements().ToList();
        Assert.Equal("clear", sources[0].Name.LocalName);
        Assert.Equal(["company", "hermetic-vendor"], sources.Skip(1).Select(e => (string?)e.Attribute("key")));
        var mapping = document.Root.Element("packageSourceMapping")!.Elements("packageSource").ToDictionary(e => (string)e.Attribute("key")!, e => e.Elements().Select(p => (string)p.Attribute("pattern")!).ToList());
        Assert.Equal(["*"], mapping["company"]);
        Assert.Equal(["Hermetic.Build", "Fixture.Local"], mapping["hermetic-vendor"]);
    }

    [Fact]
    public void Merges_a_users_file_clearing_first_and_keeping_other_sections()
    {
        const string existing = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<configuration>\n  <config>\n    <add key=\"globalPackagesFolder\" value=\"pk\" />\n  </config>\n  <packageSources>\n    <add key=\"company\" value=\"https://pkgs.example.invalid/v3/index.json\" />\n    <add key=\"old\" value=\"http://old.example.invalid/nuget\" />\n  </packageSources>\n</configuration>\n";

        var edit = NuGetConfigEditor.Edit(Path, existing, Plan(removed: new() { ["old"] = "plain http" }));

        var document = System.Xml.Linq.XDocument.Parse(edit.After);
        Assert.Equal("pk", (string?)document.Root!.Element("config")!.Element("add")!.Attribute("value"));
        var sources = document.Root.Element("packageSources")!.Elements().ToList();
        Assert.Equal("clear", sources[0].Name.LocalName);
        Assert.Equal(["company", "hermetic-vendor"], sources.Skip(1).Select(e => (string?)e.Attribute("key")));
        Assert.Contains(edit.Notes, n => n.Contains("'old' removed: plain http", StringComparison.Ordinal));
        Assert.Contains("\n    <clear />\n    <add key=\"company\"", edit.After, StringComparison.Ordinal);
    }

    [Fact]
    public void A_second_run_changes_nothing()
    {
        var first = NuGetConfigEditor.Edit(Path, null, Plan());
        var second = NuGetConfigEditor.Edit(Path, first.After, Plan());

        Assert.False(second.Changes);
    }

    [Fact]
    public void One_source_needs_no_mapping_and_a_stale_one_goes()
    {
        const string existing = "<configuration>\n  <packageSources>\n    <clear />\n    <add key=\"feed\" value=\"/outside\" />\n  </packageSources>\n  <packageSourceMapping>\n    <packageSource key=\"feed\">\n      <package pattern=\"*\" />\n    </packageSource>\n  </packageSourceMapping>\n</configuration>\n";
        var plan = new NuGetConfigPlan([new PlannedSource("hermetic-vendor", "vendor/packages")], new Dictionary<string, string> { ["feed"] = "outside" }, null, ClearFallbackFolders: true);

        var edit = NuGetConfigEditor.Edit(Path, existing, plan);

        var root = System.Xml.Linq.XDocument.Parse(edit.After).Root!;
        Assert.Null(root.Element("packageSourceMapping"));
        Assert.Equal(["clear", "add"], root.Element("packageSources")!.Elements().Select(e => e.Name.LocalName));
        Assert.Equal("clear", root.Element("fallbackPackageFolders")!.Elements().Single().Name.LocalName);
        Assert.False(NuGetConfigEditor.Edit(Path, edit.After, plan).Changes);
    }
}

public class SourcePlannerTests
{
    [Fact]
    public void Maps_each_package_to_where_it_came_from_and_the_rest_to_the_main_source()
    {
        var mapping = SourcePlanner.Mapping(["company", "local", SourcePlanner.VendorKey], new Dictionary<string, string?>
        {
            ["A"] = "company", ["B"] = "company", ["C"] = "local", ["D"] = SourcePlanner.VendorKey, ["E"] = null,
        })!;

        Assert.Equal(["*"], mapping["company"]);
        Assert.Equal(["C"], mapping["local"]);
        Assert.Equal(["D", "Hermetic.Build"], mapping[SourcePlanner.VendorKey]);
    }

    [Fact]
    public void A_single_source_needs_no_mapping() =>
        Assert.Null(SourcePlanner.Mapping([SourcePlanner.VendorKey], new Dictionary<string, string?> { ["A"] = null }));

    [Theory]
    [InlineData("http://pkgs.example.invalid/v3/index.json", SourceFate.Vendor)]
    [InlineData("https://pkgs.example.invalid/v3/index.json", SourceFate.KeepHttps)]
    [InlineData("/elsewhere/feed", SourceFate.Vendor)]
    [InlineData("/r/feed", SourceFate.KeepFolder)]
    public void Decides_what_stays(string value, SourceFate fate)
    {
        var decision = SourcePlanner.Decide("s", Hermetic.Build.Sources.PackageSourceAddress.Parse(value, "/r"), inRepositoryConfig: true, "/r", "/r/");

        Assert.Equal(fate, decision.Fate);
        Assert.Equal(fate == SourceFate.Vendor, decision.Reason is not null);
    }
}
