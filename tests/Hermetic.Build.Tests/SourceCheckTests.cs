using Hermetic.Build.Sources;
using Hermetic.Build.Tests.TestSupport;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Hermetic.Build.Tests;

/// <summary>CheckPackageSources (HB2001–HB2006) on temporary repositories whose nuget.config clears
/// every inherited source, read with the SDK's NuGet.Configuration.</summary>
public sealed class SourceCheckTests : IDisposable
{
    private readonly TempDirectory _repository = new();

    public SourceCheckTests()
    {
        _repository.Write("app/app.csproj", "<Project />\n");
    }

    public void Dispose() => _repository.Dispose();

    private string Project => _repository.Combine("app", "app.csproj");

    private string ConfigPath => _repository.Combine("nuget.config");

    private void Config(string sources, string extra = "") => _repository.Write("nuget.config",
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<configuration>\n  <packageSources>\n" + sources + "  </packageSources>\n" + extra + "</configuration>\n");

    private FakeBuildEngine Run(Action<CheckPackageSources>? configure = null, string? mode = null)
    {
        var engine = new FakeBuildEngine();
        var task = new CheckPackageSources
        {
            BuildEngine = engine,
            ProjectFile = Project,
            RepositoryRoot = _repository.Path,
            Mode = mode,
            HelpLinkBase = Tasks.HelpLinkBase,
        };
        configure?.Invoke(task);
        task.Execute();
        return engine;
    }

    [Fact]
    public void A_cleared_config_with_a_feed_inside_the_repository_is_hermetic()
    {
        Config("    <clear />\n    <add key=\"local\" value=\"feed\" />\n");

        var engine = Run();

        Assert.Empty(engine.Diagnostics);
    }

    [Fact]
    public void HB2006_a_truncated_package_of_a_repository_feed_names_the_file_and_a_readable_one_passes()
    {
        Config("    <clear />\n    <add key=\"local\" value=\"feed\" />\n");
        var good = TestPackages.Nupkg("Fixture.Good", "1.0.0");
        var bad = TestPackages.Nupkg("Fixture.Bad", "1.0.0", new Dictionary<string, byte[]> { ["lib/net10.0/a.dll"] = new byte[4000] });
        _repository.Write("feed/fixture.good.1.0.0.nupkg", string.Empty);
        File.WriteAllBytes(_repository.Combine("feed", "fixture.good.1.0.0.nupkg"), good);
        Directory.CreateDirectory(_repository.Combine("feed", "fixture.bad", "1.0.0"));
        var badPath = _repository.Combine("feed", "fixture.bad", "1.0.0", "fixture.bad.1.0.0.nupkg");
        File.WriteAllBytes(badPath, bad.AsSpan(0, bad.Length - 30).ToArray());

        CheckPackageSources? task = null;
        var engine = Run(t => task = t);

        var error = Assert.Single(engine.Errors);
        Assert.Equal("HB2006", error.Code);
        Assert.Equal(badPath, error.File);
        Assert.Contains(badPath, error.Message, StringComparison.Ordinal);
        Assert.Equal([Path.Combine(_repository.Path, "feed") + Path.DirectorySeparatorChar], task!.FeedFolders.Select(f => f.ItemSpec));

        File.Delete(badPath);
        Assert.Empty(Run().Diagnostics);
    }

    [Fact]
    public void Http_and_unlisted_https_sources_are_HB2001_at_their_lines()
    {
        Config("    <clear />\n    <add key=\"plain\" value=\"http://pkgs.example.invalid/v3/index.json\" />\n"
               + "    <add key=\"secure\" value=\"https://pkgs.example.invalid/v3/index.json\" />\n",
            "  <packageSourceMapping><packageSource key=\"secure\"><package pattern=\"*\" /></packageSource></packageSourceMapping>\n");

        var engine = Run();

        var errors = engine.Errors.Where(e => e.Code == "HB2001").OrderBy(e => e.Line).ToList();
        Assert.Equal([5, 6], errors.Select(e => e.Line));
        Assert.All(errors, e => Assert.Equal(ConfigPath, e.File));
        Assert.Equal(Tasks.HelpLinkBase + "HB2001.md", errors[0].HelpLink);
    }

    [Fact]
    public void An_allow_listed_https_source_is_compared_normalized_but_http_is_refused_even_when_listed()
    {
        Config("    <clear />\n    <add key=\"secure\" value=\"https://pkgs.example.invalid/v3/index.json\" />\n");
        Assert.Empty(Run(t => t.AllowedSources = " HTTPS://Pkgs.Example.Invalid:443/v3/index.json/ ").Diagnostics);

        Config("    <clear />\n    <add key=\"plain\" value=\"http://pkgs.example.invalid/v3/index.json\" />\n");
        var error = Assert.Single(Run(t => t.AllowedSources = "http://pkgs.example.invalid/v3/index.json").Errors);
        Assert.Equal("HB2001", error.Code);
        Assert.Contains("even though HermeticAllowedSources lists it", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_disabled_source_is_not_reported()
    {
        Config("    <clear />\n    <add key=\"off\" value=\"https://pkgs.example.invalid/v3/index.json\" />\n",
            "  <disabledPackageSources>\n    <add key=\"off\" value=\"true\" />\n  </disabledPackageSources>\n");

        Assert.Empty(Run().Diagnostics);
    }

    [Fact]
    public void RestoreSources_replaces_the_configured_sources_and_is_reported_as_the_property()
    {
        Config("    <clear />\n    <add key=\"plain\" value=\"http://pkgs.example.invalid/v3/index.json\" />\n");

        var engine = Run(t => t.RestoreSources = "https://other.example.invalid/v3/index.json");

        var error = Assert.Single(engine.Errors);
        Assert.Equal("HB2001", error.Code);
        Assert.Equal(Project, error.File);
        Assert.Contains("the property RestoreSources", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("plain", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RestoreSources_defined_in_the_project_points_at_its_element()
    {
        Config("    <clear />\n");
        _repository.Write("app/app.csproj", "<Project>\n  <PropertyGroup>\n    <RestoreAdditionalProjectSources>https://x.example.invalid/</RestoreAdditionalProjectSources>\n  </PropertyGroup>\n</Project>\n");

        var engine = Run(t => t.RestoreAdditionalProjectSources = "https://x.example.invalid/");

        var error = Assert.Single(engine.Errors);
        Assert.Equal((Project, 3), (error.File, error.Line));
    }

    [Fact]
    public void A_config_without_clear_is_HB2002_at_its_package_sources()
    {
        Config("    <add key=\"local\" value=\"feed\" />\n");

        var engine = Run();

        var error = Assert.Single(engine.Errors, e => e.Code == "HB2002");
        Assert.Equal((ConfigPath, 3), (error.File, error.Line));
    }

    [Fact]
    public void Two_feeds_without_mapping_are_HB2003_and_a_mapping_for_every_package_is_not()
    {
        const string Feeds = "    <clear />\n    <add key=\"first\" value=\"feed\" />\n    <add key=\"second\" value=\"feed2\" />\n";
        Config(Feeds);
        Assert.Equal("HB2003", Assert.Single(Run().Errors).Code);

        Config(Feeds, "  <packageSourceMapping>\n    <packageSource key=\"first\"><package pattern=\"Contoso.*\" /></packageSource>\n  </packageSourceMapping>\n");
        var unmapped = Assert.Single(Run(t => t.PackageIds = [new TaskItem("Contoso.Core"), new TaskItem("Fabrikam.Json")]).Errors);
        Assert.Contains("'Fabrikam.Json'", unmapped.Message, StringComparison.Ordinal);

        Assert.Empty(Run(t => t.PackageIds = [new TaskItem("Contoso.Core")]).Diagnostics);
    }

    [Fact]
    public void A_clear_text_password_is_HB2004_at_its_line_and_never_printed()
    {
        const string Secret = "s3cr3t-value-in-config";
        Config("    <clear />\n    <add key=\"local\" value=\"feed\" />\n",
            "  <packageSourceCredentials>\n    <local>\n      <add key=\"Username\" value=\"me\" />\n      <add key=\"ClearTextPassword\" value=\"" + Secret + "\" />\n    </local>\n  </packageSourceCredentials>\n");

        var engine = Run();

        var error = Assert.Single(engine.Errors);
        Assert.Equal(("HB2004", ConfigPath, 10), (error.Code, error.File, error.Line));
        Assert.DoesNotContain(engine.Diagnostics.Select(d => d.Message).Concat(engine.Messages.Select(m => m.Message)), m => m.Contains(Secret, StringComparison.Ordinal));
    }

    [Fact]
    public void A_password_that_names_an_environment_variable_is_not_a_committed_secret()
    {
        Config("    <clear />\n    <add key=\"local\" value=\"feed\" />\n",
            "  <packageSourceCredentials>\n    <local>\n      <add key=\"Username\" value=\"me\" />\n      <add key=\"ClearTextPassword\" value=\"%FEED_TOKEN%\" />\n    </local>\n  </packageSourceCredentials>\n");

        Assert.Empty(Run().Diagnostics);
    }

    [Fact]
    public void User_info_in_a_source_URL_is_HB2004_and_masked_in_HB2001()
    {
        Config("    <clear />\n    <add key=\"secure\" value=\"https://builder:t0ken-in-url@pkgs.example.invalid/v3/index.json\" />\n");

        var engine = Run();

        Assert.Contains(engine.Errors, e => e.Code == "HB2004");
        Assert.Contains(engine.Errors, e => e.Code == "HB2001");
        Assert.DoesNotContain(engine.Diagnostics, d => d.Message.Contains("t0ken-in-url", StringComparison.Ordinal));
    }

    [Fact]
    public void Fallback_folders_and_folder_sources_outside_the_repository_are_HB2005()
    {
        using var outside = new TempDirectory();
        Config("    <clear />\n    <add key=\"outside\" value=\"" + outside.Path + "\" />\n",
            "  <fallbackPackageFolders>\n    <add key=\"machine\" value=\"" + outside.Combine("fallback") + "\" />\n  </fallbackPackageFolders>\n");

        var engine = Run();

        var errors = engine.Errors.Where(e => e.Code == "HB2005").OrderBy(e => e.Line).ToList();
        Assert.Equal([5, 8], errors.Select(e => e.Line));

        var property = Run(t => t.RestoreFallbackFolders = outside.Combine("other"));
        Assert.Contains(property.Errors, e => e.Code == "HB2005" && e.Message.Contains("RestoreFallbackFolders", StringComparison.Ordinal));
    }

    [Fact]
    public void Audit_mode_reports_the_same_codes_as_warnings()
    {
        Config("    <add key=\"plain\" value=\"http://pkgs.example.invalid/v3/index.json\" />\n");

        var engine = Run(mode: "Audit");

        Assert.Empty(engine.Errors);
        Assert.Contains(engine.Warnings, w => w.Code == "HB2001");
        Assert.Contains(engine.Warnings, w => w.Code == "HB2002");
    }

    [Fact]
    public void A_malformed_nuget_config_fails_closed_with_HB0001()
    {
        _repository.Write("nuget.config", "<configuration><packageSources>");

        var error = Assert.Single(Run().Errors);

        Assert.Equal("HB0001", error.Code);
    }

    [Fact]
    public void The_config_files_read_and_the_places_probed_are_outputs()
    {
        Config("    <clear />\n");
        var engine = new FakeBuildEngine();
        var task = new CheckPackageSources { BuildEngine = engine, ProjectFile = Project, RepositoryRoot = _repository.Path };

        Assert.True(task.Execute());

        Assert.Contains(task.ConfigFiles, f => f.ItemSpec == ConfigPath);
        Assert.Contains(task.ConfigProbes, p => p.ItemSpec == _repository.Combine("app", "nuget.config"));
    }
}
