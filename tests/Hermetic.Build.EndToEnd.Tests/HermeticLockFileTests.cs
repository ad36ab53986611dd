using Hermetic.Build.EndToEnd.Tests.Infrastructure;

namespace Hermetic.Build.EndToEnd.Tests;

/// <summary>
/// CONTRACT §4 HB1003 and HB1007: restored packages are what the locks say, down to every file the
/// build consumes; hermetic.lock.json covers what NuGet fetches outside packages.lock.json.
/// Each repository here has a packages folder of its own: the tests change bytes in it.
/// </summary>
public sealed class HermeticLockFileTests
{
    private static TestRepository Repository(string name, string items)
    {
        var repository = TestRepository.Create(name);
        repository.WithEnvironment("NUGET_PACKAGES", repository.Root + "-packages");
        var feed = Path.Combine(repository.Root, "feed");
        FixturePackages.CopySignedPackage(feed, "xunit.assert", "2.9.3");
        FixturePackages.Pack(feed, "Fixture.Download", "1.0.0");
        FixturePackages.Pack(feed, "Fixture.Analyzer", "1.0.0", new Dictionary<string, string>
        {
            ["build/Fixture.Analyzer.props"] = "<Project><PropertyGroup><FixtureAnalyzerImported>true</FixtureAnalyzerImported></PropertyGroup></Project>\n",
        });
        return repository
            .WriteFile("app/app.csproj", $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <Sdk Name="Hermetic.Build" Version="{TestRun.PackageVersion}" />
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                  </PropertyGroup>
                  <ItemGroup>
                {items}
                  </ItemGroup>
                </Project>
                """)
            .Commit("Packages");
    }

    private static string PackageFolder(TestRepository repository, string id, string version) =>
        Path.Combine(repository.Root + "-packages", id.ToLowerInvariant(), version);

    private static void AppendByte(string path) => File.AppendAllText(path, "x");

    [Fact]
    public void HB1003_an_appended_byte_in_an_extracted_dll_names_package_and_file_and_restoring_the_bytes_passes()
    {
        var repository = Repository("hash-dll", """<PackageReference Include="xunit.assert" Version="2.9.3" />""");
        AssertBuild.Succeeds(repository.Build());
        var dll = Path.Combine(PackageFolder(repository, "xunit.assert", "2.9.3"), "lib", "net6.0", "xunit.assert.dll");
        var original = File.ReadAllBytes(dll);

        AppendByte(dll);
        var error = AssertBuild.FailsWith(repository.Build(), "HB1003");
        Assert.Contains("xunit.assert 2.9.3", error.Message, StringComparison.Ordinal);
        Assert.Contains("lib/net6.0/xunit.assert.dll", error.Message, StringComparison.Ordinal);
        AssertBuild.NamesFile(error, dll);

        File.WriteAllBytes(dll, original);
        AssertBuild.Succeeds(repository.Build());
    }

    [Fact]
    public void HB1003_an_appended_byte_in_a_signed_nupkg_of_the_packages_folder_and_a_changed_build_file()
    {
        var repository = Repository("hash-nupkg", """
                <PackageReference Include="xunit.assert" Version="2.9.3" />
                <PackageReference Include="Fixture.Analyzer" Version="1.0.0" />
            """);
        AssertBuild.Succeeds(repository.Build());
        var nupkg = Path.Combine(PackageFolder(repository, "xunit.assert", "2.9.3"), "xunit.assert.2.9.3.nupkg");
        var props = Path.Combine(PackageFolder(repository, "Fixture.Analyzer", "1.0.0"), "build", "Fixture.Analyzer.props");
        var originals = (File.ReadAllBytes(nupkg), File.ReadAllBytes(props));

        AppendByte(nupkg);
        var error = AssertBuild.FailsWith(repository.Build(), "HB1003");
        Assert.Contains("xunit.assert 2.9.3", error.Message, StringComparison.Ordinal);
        AssertBuild.NamesFile(error, nupkg);
        File.WriteAllBytes(nupkg, originals.Item1);
        AssertBuild.Succeeds(repository.Build());

        File.WriteAllText(props, "<Project />\n");
        var changed = AssertBuild.FailsWith(repository.Build(), "HB1003");
        Assert.Contains("Fixture.Analyzer 1.0.0", changed.Message, StringComparison.Ordinal);
        AssertBuild.NamesFile(changed, props);
        File.WriteAllBytes(props, originals.Item2);
        AssertBuild.Succeeds(repository.Build());
    }

    [Fact]
    public void A_no_op_build_hashes_nothing()
    {
        var repository = Repository("hash-noop", """<PackageReference Include="xunit.assert" Version="2.9.3" />""");
        AssertBuild.Succeeds(repository.Build());
        // The lock the first restore wrote switches locked mode on: the second restore runs for real.
        AssertBuild.Succeeds(repository.Build());

        var noOp = repository.Build("-v:d");

        AssertBuild.SkippedTheChecks(noOp);
    }

    [Fact]
    public void HB1007_a_PackageDownload_missing_from_hermetic_lock_json_then_locked_then_a_changed_byte()
    {
        var repository = Repository("hermetic-download", """<PackageDownload Include="Fixture.Download" Version="[1.0.0]" />""");
        var hermeticLock = Path.Combine(repository.Root, "hermetic.lock.json");

        // hermetic.lock.json exists (Hermetic.Build only): the download is not in it.
        var missing = AssertBuild.FailsWith(repository.Build(), "HB1007");
        Assert.Contains("Fixture.Download 1.0.0", missing.Message, StringComparison.Ordinal);
        AssertBuild.NamesFile(missing, hermeticLock);

        var lockRun = repository.DotNet("msbuild", repository.AppProject, "-t:HermeticLock");
        Assert.True(lockRun.ExitCode == 0, lockRun.ToString());
        var text = File.ReadAllText(hermeticLock);
        Assert.Contains("\"id\": \"Fixture.Download\"", text, StringComparison.Ordinal);
        Assert.Contains("\"kind\": \"download\"", text, StringComparison.Ordinal);
        Assert.Contains("\"id\": \"Hermetic.Build\"", text, StringComparison.Ordinal);
        // net10.0's reference pack comes from the dotnet folder: nothing is downloaded, nothing to lock.
        Assert.DoesNotContain("Microsoft.NETCore.App.Ref", text, StringComparison.Ordinal);
        AssertBuild.Succeeds(repository.Build());

        var download = Path.Combine(PackageFolder(repository, "Fixture.Download", "1.0.0"), "fixture.download.1.0.0.nupkg");
        var original = File.ReadAllBytes(download);
        AppendByte(download);
        var changed = AssertBuild.FailsWith(repository.Build(), "HB1007");
        Assert.Contains("Fixture.Download 1.0.0", changed.Message, StringComparison.Ordinal);
        AssertBuild.NamesFile(changed, download);
        File.WriteAllBytes(download, original);
        AssertBuild.Succeeds(repository.Build());
    }

    [Fact]
    public void HB1007_a_changed_byte_in_Hermetic_Build_itself()
    {
        var repository = Repository("hermetic-self", string.Empty);
        AssertBuild.Succeeds(repository.Build());
        var license = Path.Combine(PackageFolder(repository, "Hermetic.Build", TestRun.PackageVersion), "LICENSE");
        var original = File.ReadAllBytes(license);

        AppendByte(license);
        var error = AssertBuild.FailsWith(repository.Build(), "HB1007");
        Assert.Contains("Hermetic.Build", error.Message, StringComparison.Ordinal);
        AssertBuild.NamesFile(error, license);

        File.WriteAllBytes(license, original);
        AssertBuild.Succeeds(repository.Build());
    }

    [Fact]
    public void HB1007_a_local_tool_of_the_manifest_must_be_locked()
    {
        var repository = Repository("hermetic-tool", string.Empty)
            .WriteFile(".config/dotnet-tools.json", """
                {
                  "version": 1,
                  "isRoot": true,
                  "tools": { "fixture.tool": { "version": "1.0.0", "commands": [ "fixture-tool" ] } }
                }
                """)
            .Commit("A tool manifest");

        var error = AssertBuild.FailsWith(repository.Build(), "HB1007");

        Assert.Contains("fixture.tool 1.0.0", error.Message, StringComparison.Ordinal);
        Assert.Contains("local tool", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Outside_CI_a_missing_hermetic_lock_json_is_written_by_the_first_build()
    {
        var repository = Repository("hermetic-first", """<PackageDownload Include="Fixture.Download" Version="[1.0.0]" />""")
            .DeleteFile("hermetic.lock.json")
            .Commit("No hermetic.lock.json");

        AssertBuild.Succeeds(repository.Build());

        var text = File.ReadAllText(Path.Combine(repository.Root, "hermetic.lock.json"));
        Assert.Contains("\"id\": \"Fixture.Download\"", text, StringComparison.Ordinal);
        Assert.Contains("\"id\": \"Hermetic.Build\"", text, StringComparison.Ordinal);
    }
}
