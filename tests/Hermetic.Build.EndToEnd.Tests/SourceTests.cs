using Hermetic.Build.EndToEnd.Tests.Infrastructure;

namespace Hermetic.Build.EndToEnd.Tests;

/// <summary>HB2001–HB2005: the effective NuGet configuration of real restores and builds. A refused
/// source fails restore before NuGet contacts it, so these builds never reach the network.</summary>
public sealed class SourceTests
{
    private const string HttpUrl = "http://pkgs.example.invalid/v3/index.json";
    private const string HttpsUrl = "https://pkgs.example.invalid/v3/index.json";

    private static string Config(string sources, string extra = "") => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <configuration>
          <packageSources>
        {sources}
          </packageSources>
        {extra}
        </configuration>
        """;

    /// <summary>A repository restored once with its clean configuration (Hermetic.Build is then in the
    /// packages folder, so MSBuild's SDK resolver asks no source for it), whose network clients would
    /// meet a closed proxy.</summary>
    private static TestRepository Restored(string name)
    {
        var repository = TestRepository.Create(name)
            .WithEnvironment("HTTP_PROXY", "http://127.0.0.1:9").WithEnvironment("HTTPS_PROXY", "http://127.0.0.1:9")
            .WithEnvironment("http_proxy", "http://127.0.0.1:9").WithEnvironment("https_proxy", "http://127.0.0.1:9");
        AssertBuild.Succeeds(repository.Build());
        return repository;
    }

    [Fact]
    public void An_http_and_an_unlisted_https_source_give_HB2001_at_their_nuget_config_lines()
    {
        var repository = Restored("hb2001-config")
            .WriteFile("nuget.config", Config($"""
                    <clear />
                    <add key="local" value="feed" />
                    <add key="plain" value="{HttpUrl}" />
                    <add key="secure" value="{HttpsUrl}" />
                """, "<packageSourceMapping><packageSource key=\"plain\"><package pattern=\"*\" /></packageSource></packageSourceMapping>"))
            .Commit("Network sources");
        // A package NuGet would have to ask the http source for.
        repository.WriteFile("app/app.csproj", File.ReadAllText(repository.AppProject).Replace("</Project>",
                """<ItemGroup><PackageReference Include="Contoso.Missing" Version="1.0.0" /></ItemGroup></Project>""", StringComparison.Ordinal))
            .Commit("A package from the network");

        var result = repository.Build();

        AssertBuild.FailsWith(result, "HB2001");
        var config = Path.Combine(repository.Root, "nuget.config");
        var errors = result.Errors("HB2001").DistinctBy(d => d.Line).OrderBy(d => d.Line).ToList();
        Assert.Equal(2, errors.Count);
        Assert.All(errors, e => AssertBuild.NamesFile(e, config));
        Assert.Equal([6, 7], errors.Select(e => e.Line));
        Assert.Contains("plain http", errors[0].Message, StringComparison.Ordinal);
        // Refused in the restore pass, before NuGet asked either source for anything.
        Assert.DoesNotContain(result.Diagnostics, d => d.Code is "NU1301" or "NU1101" or "NU1102");
    }

    [Fact]
    public void RestoreSources_on_the_command_line_gives_HB2001_naming_the_property()
    {
        var repository = TestRepository.Create("hb2001-property");

        var result = repository.Build("-p:RestoreSources=" + HttpsUrl);

        var error = AssertBuild.FailsWith(result, "HB2001");
        AssertBuild.NamesFile(error, repository.AppProject);
        Assert.Contains("RestoreSources", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_allow_listed_https_source_gives_no_HB2001()
    {
        // Restore once with the clean configuration (Hermetic.Build lands in the packages folder),
        // then run the check alone: restoring from the allowed URL would reach the network.
        var repository = Restored("hb2001-allowed")
            .WriteFile("nuget.config", Config($"""
                    <clear />
                    <add key="secure" value="{HttpsUrl}" />
                """))
            .Commit("An allowed feed");

        var result = repository.DotNet("msbuild", repository.AppProject, "-t:HermeticCheckSources",
            "-p:HermeticAllowedSources=HTTPS://PKGS.example.invalid/v3/index.json/");

        AssertBuild.Succeeds(result);
        Assert.DoesNotContain(result.Diagnostics, d => d.Code.StartsWith("HB2", StringComparison.Ordinal));
    }

    [Fact]
    public void A_nuget_config_without_clear_gives_HB2002_at_its_package_sources()
    {
        var repository = TestRepository.Create("hb2002-noclear")
            .WriteFile("nuget.config", Config("""    <add key="local" value="feed" />"""))
            .Commit("No clear");

        var result = repository.Build();

        var error = AssertBuild.FailsWith(result, "HB2002");
        AssertBuild.NamesFile(error, Path.Combine(repository.Root, "nuget.config"), line: 3);
    }

    [Fact]
    public void Only_a_user_level_nuget_config_gives_HB2002_naming_the_project()
    {
        var repository = TestRepository.Create("hb2002-user");
        var home = Path.Combine(repository.Root, "..", Path.GetFileName(repository.Root) + "-home");
        var userConfig = Path.Combine(home, ".nuget", "NuGet", "NuGet.Config");
        Directory.CreateDirectory(Path.GetDirectoryName(userConfig)!);
        File.WriteAllText(userConfig, Config($"""
                <clear />
                <add key="local" value="{Path.Combine(repository.Root, "feed")}" />
            """));
        repository.WithEnvironment("HOME", home).WithEnvironment("DOTNET_CLI_HOME", home)
            .DeleteFile("nuget.config").Commit("Sources from the user");

        var result = repository.Build();

        var error = AssertBuild.FailsWith(result, "HB2002");
        AssertBuild.NamesFile(error, repository.AppProject);
    }

    [Fact]
    public void Two_feeds_in_the_repository_without_mapping_give_HB2003_and_with_mapping_build()
    {
        var repository = TestRepository.Create("hb2003");
        Directory.CreateDirectory(Path.Combine(repository.Root, "feed2"));
        repository.WriteFile("feed2/README.md", "A second feed.\n")
            .WriteFile("nuget.config", Config("""
                    <clear />
                    <add key="first" value="feed" />
                    <add key="second" value="feed2" />
                """))
            .Commit("Two feeds");

        AssertBuild.FailsWith(repository.Build(), "HB2003");

        repository.WriteFile("nuget.config", Config("""
                    <clear />
                    <add key="first" value="feed" />
                    <add key="second" value="feed2" />
                """, """<packageSourceMapping><packageSource key="first"><package pattern="*" /></packageSource></packageSourceMapping>"""))
            .Commit("Mapped");
        AssertBuild.Succeeds(repository.Build());
    }

    /// <summary>The clean configuration plus credentials for its feed.</summary>
    private static string WithCredentials(string password) => Config("""
            <clear />
            <add key="local" value="feed" />
        """, $"""
          <packageSourceCredentials>
            <local>
              <add key="Username" value="builder" />
              <add key="ClearTextPassword" value="{password}" />
            </local>
          </packageSourceCredentials>
        """);

    [Fact]
    public void A_clear_text_password_gives_HB2004_and_appears_nowhere_in_the_log()
    {
        const string Password = "Pa55-word-never-logged";
        var repository = TestRepository.Create("hb2004").WriteFile("nuget.config", WithCredentials(Password)).Commit("A password");

        var error = AssertBuild.FailsWith(repository.Build(), "HB2004");
        AssertBuild.NamesFile(error, Path.Combine(repository.Root, "nuget.config"), line: 10);

        // The whole diagnostic log: every property, item and message of restore and build.
        var diagnostic = repository.Build("-v:diag");
        Assert.Contains("HB2004", diagnostic.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, diagnostic.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_password_from_an_environment_variable_gives_no_HB2004()
    {
        var repository = TestRepository.Create("hb2004-env").WriteFile("nuget.config", WithCredentials("%FEED_PASSWORD%")).Commit("A password reference");

        AssertBuild.Succeeds(repository.Build());
    }

    [Fact]
    public void A_feed_folder_outside_the_repository_gives_HB2005()
    {
        var repository = TestRepository.Create("hb2005");
        var outside = Directory.CreateDirectory(Path.Combine(repository.Root, "..", Path.GetFileName(repository.Root) + "-feed")).FullName;
        File.Copy(TestRun.PackagePath, Path.Combine(outside, Path.GetFileName(TestRun.PackagePath)));
        repository.WriteFile("nuget.config", Config($"""
                    <clear />
                    <add key="outside" value="{outside}" />
                """))
            .Commit("A feed outside");

        var error = AssertBuild.FailsWith(repository.Build(), "HB2005");

        AssertBuild.NamesFile(error, Path.Combine(repository.Root, "nuget.config"), line: 5);
    }

    [Fact]
    public void A_hermetic_configuration_builds_without_a_sources_diagnostic_and_skips_the_check_when_nothing_changed()
    {
        var repository = TestRepository.Create("sources-clean");

        AssertBuild.SucceedsSilently(repository.Build(), "HB2001");
        // The first restore wrote the lock: locked mode from now on, a changed setting, so the checks once more.
        AssertBuild.Succeeds(repository.Build());
        // One stamp, the gate's, named by the hash of the checks' settings.
        var stamp = Assert.Single(Directory.GetFiles(Path.Combine(repository.Root, "app", "obj", "Debug", "net10.0"), "hermetic.gate.*.stamp"));
        var written = File.GetLastWriteTimeUtc(stamp);

        AssertBuild.SkippedTheChecks(repository.Build("-v:d"));
        Assert.Equal(written, File.GetLastWriteTimeUtc(stamp));
        Assert.Empty(Directory.GetFiles(Path.Combine(repository.Root, "app", "obj", "Debug", "net10.0"), "hermetic.sources.*"));
    }
}
