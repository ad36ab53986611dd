using Hermetic.Build.EndToEnd.Tests.Infrastructure;

namespace Hermetic.Build.EndToEnd.Tests;

/// <summary>
/// docs/locks.md, HB1003 and HB1007: restored packages are what the locks say, down to every file the
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
    public void HB1003_a_truncated_nupkg_names_the_package_and_the_file_and_a_change_at_byte_5000_says_byte_5000()
    {
        var repository = Repository("hash-truncated", """<PackageReference Include="xunit.assert" Version="2.9.3" />""");
        AssertBuild.Succeeds(repository.Build());
        var folder = PackageFolder(repository, "xunit.assert", "2.9.3");
        var nupkg = Path.Combine(folder, "xunit.assert.2.9.3.nupkg");
        var original = File.ReadAllBytes(nupkg);

        File.WriteAllBytes(nupkg, original.AsSpan(0, original.Length / 2).ToArray());
        var truncated = AssertBuild.FailsWith(repository.Build(), "HB1003");
        Assert.Contains("xunit.assert 2.9.3", truncated.Message, StringComparison.Ordinal);
        Assert.Contains("not a readable package", truncated.Message, StringComparison.Ordinal);
        AssertBuild.NamesFile(truncated, nupkg);
        File.WriteAllBytes(nupkg, original);
        AssertBuild.Succeeds(repository.Build());

        var dll = Path.Combine(folder, "lib", "net6.0", "xunit.assert.dll");
        var bytes = File.ReadAllBytes(dll);
        bytes[5000] ^= 0xFF;
        File.WriteAllBytes(dll, bytes);
        var changed = AssertBuild.FailsWith(repository.Build(), "HB1003");
        Assert.Contains("at byte 5000", changed.Message, StringComparison.Ordinal);
        AssertBuild.NamesFile(changed, dll);
    }

    [Fact]
    public void HB1003_a_locked_package_missing_from_the_packages_folder_and_a_consumed_package_no_lock_entry_covers()
    {
        var repository = Repository("hash-missing", """
                <PackageReference Include="xunit.assert" Version="2.9.3" />
                <PackageReference Include="Fixture.Analyzer" Version="1.0.0" />
            """);
        AssertBuild.Succeeds(repository.Build());
        var lockFile = Path.Combine(repository.Root, "app", "packages.lock.json");
        var locked = File.ReadAllText(lockFile);

        // The packages folder lost a locked package, and nothing restores it (no restore): reported, not skipped.
        Directory.Delete(PackageFolder(repository, "xunit.assert", "2.9.3"), recursive: true);
        var missing = AssertBuild.FailsWith(repository.Build("--no-restore"), "HB1003");
        Assert.Contains("xunit.assert 2.9.3", missing.Message, StringComparison.Ordinal);
        AssertBuild.NamesFile(missing, lockFile);
        AssertBuild.Succeeds(repository.Build());

        // The lock lost a package the build consumes (its build props): the file is reported, not skipped.
        var entry = locked.IndexOf("\"Fixture.Analyzer\"", StringComparison.Ordinal);
        var end = locked.IndexOf('}', entry) + 1;
        File.WriteAllText(lockFile, locked[..entry] + locked[end..].TrimStart().TrimStart(','));
        var unlocked = AssertBuild.FailsWith(repository.Build("--no-restore"), "HB1003");
        Assert.Contains("fixture.analyzer 1.0.0", unlocked.Message, StringComparison.Ordinal);
        AssertBuild.NamesFile(unlocked, Path.Combine(PackageFolder(repository, "Fixture.Analyzer", "1.0.0"), "build", "Fixture.Analyzer.props"));
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
