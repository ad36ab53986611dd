using Hermetic.Build.EndToEnd.Tests.Infrastructure;

namespace Hermetic.Build.EndToEnd.Tests;

/// <summary>
/// docs/locks.md, locks and pins: lock files written once and then only by HermeticLock, locked restore,
/// HB1001, HB1002, NU1603 as an error, and the NU1004 hint.
/// </summary>
public sealed class LockTests
{
    private static string AppWithPackages(string packages, string properties = "", string targetFramework = "<TargetFramework>net10.0</TargetFramework>") => $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <Sdk Name="Hermetic.Build" Version="{TestRun.PackageVersion}" />
          <PropertyGroup>
            <OutputType>Exe</OutputType>
            {targetFramework}
            {properties}
          </PropertyGroup>
          <ItemGroup>
        {packages}
          </ItemGroup>
        </Project>
        """;

    /// <summary>Directory.Packages.props with transitive pinning; the GlobalPackageReference is on line 8.</summary>
    private static string CentralVersions(string libVersion, string assertVersion) => $"""
        <Project>
          <PropertyGroup>
            <ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally>
            <CentralPackageTransitivePinningEnabled>true</CentralPackageTransitivePinningEnabled>
          </PropertyGroup>
          <ItemGroup>
            <PackageVersion Include="Fixture.Lib" Version="{libVersion}" />
            <GlobalPackageReference Include="xunit.assert" Version="{assertVersion}" />
          </ItemGroup>
        </Project>
        """;

    /// <summary>A repository whose app references a package of its own feed; no lock files yet.</summary>
    private static TestRepository Repository(string name, string packages)
    {
        var repository = TestRepository.Create(name);
        var feed = Path.Combine(repository.Root, "feed");
        FixturePackages.Pack(feed, "Fixture.Lib", "1.0.0");
        FixturePackages.Pack(feed, "Fixture.Lib", "1.1.0");
        FixturePackages.CopySignedPackage(feed, "xunit.assert", "2.9.3");
        return repository
            .DeleteFile("hermetic.lock.json")
            .WriteFile("app/app.csproj", AppWithPackages(packages))
            .Commit("Packages");
    }

    [Fact]
    public void First_restore_writes_the_locks_a_changed_version_fails_and_only_HermeticLock_updates_them()
    {
        var repository = Repository("lock-workflow", """
                <PackageReference Include="Fixture.Lib" Version="1.0.0" />
                <PackageReference Include="xunit.assert" Version="2.9.3" />
            """);
        var packagesLock = Path.Combine(repository.Root, "app", "packages.lock.json");
        var hermeticLock = Path.Combine(repository.Root, "hermetic.lock.json");

        // The first restore writes both locks, outside CI.
        AssertBuild.Succeeds(repository.Build());
        Assert.True(File.Exists(packagesLock), "The first restore writes packages.lock.json.");
        Assert.Contains("\"Hermetic.Build\"", File.ReadAllText(hermeticLock), StringComparison.Ordinal);
        Assert.Contains("\"resolved\": \"1.0.0\"", File.ReadAllText(packagesLock), StringComparison.Ordinal);
        repository.Commit("Locks");
        var locked = File.ReadAllBytes(packagesLock);

        // A changed version: locked restore fails (NU1004), says how to update, leaves the lock alone.
        repository.WriteFile("app/app.csproj", AppWithPackages("""
                <PackageReference Include="Fixture.Lib" Version="1.1.0" />
                <PackageReference Include="xunit.assert" Version="2.9.3" />
            """));
        var failed = repository.Build();
        Assert.True(failed.ExitCode != 0, failed.ToString());
        Assert.Contains(failed.Diagnostics, d => d.Code == "NU1004");
        Assert.Contains("dotnet msbuild -t:HermeticLock", failed.Output, StringComparison.Ordinal);
        Assert.Equal(locked, File.ReadAllBytes(packagesLock));

        // HermeticLock updates it; the build passes; a second HermeticLock changes no byte.
        var lockRun = repository.DotNet("msbuild", repository.AppProject, "-t:HermeticLock");
        Assert.True(lockRun.ExitCode == 0, lockRun.ToString());
        Assert.Contains("\"resolved\": \"1.1.0\"", File.ReadAllText(packagesLock), StringComparison.Ordinal);
        var relocked = (File.ReadAllBytes(packagesLock), File.ReadAllBytes(hermeticLock));
        var again = repository.DotNet("msbuild", repository.AppProject, "-t:HermeticLock");
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal(relocked.Item1, File.ReadAllBytes(packagesLock));
        Assert.Equal(relocked.Item2, File.ReadAllBytes(hermeticLock));
        var passed = repository.Build();
        AssertBuild.Succeeds(passed);
        Assert.DoesNotContain("HermeticLock", passed.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void HermeticLock_of_a_solution_locks_every_project()
    {
        var repository = Repository("lock-solution", """<PackageReference Include="Fixture.Lib" Version="1.0.0" />""")
            .WriteFile("lib/lib.csproj", $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <Sdk Name="Hermetic.Build" Version="{TestRun.PackageVersion}" />
                  <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>
                  <ItemGroup><PackageReference Include="xunit.assert" Version="2.9.3" /></ItemGroup>
                </Project>
                """)
            .Commit("Library");
        Assert.Equal(0, repository.Run("dotnet", "new", "sln", "-n", "all", "--format", "sln").ExitCode);
        Assert.Equal(0, repository.Run("dotnet", "sln", "all.sln", "add", "app/app.csproj", "lib/lib.csproj").ExitCode);

        var result = repository.DotNet("msbuild", "all.sln", "-t:HermeticLock");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(File.Exists(Path.Combine(repository.Root, "app", "packages.lock.json")), result.ToString());
        Assert.True(File.Exists(Path.Combine(repository.Root, "lib", "packages.lock.json")), result.ToString());
        var hermeticLock = File.ReadAllText(Path.Combine(repository.Root, "hermetic.lock.json"));
        Assert.Contains("\"app/app.csproj\"", hermeticLock, StringComparison.Ordinal);
        Assert.Contains("\"lib/lib.csproj\"", hermeticLock, StringComparison.Ordinal);
        repository.Commit("Locked");
        AssertBuild.Succeeds(repository.WithEnvironment("CI", "true").DotNet("build", "all.sln"));
    }

    [Fact]
    public void HB1002_a_floating_version_in_the_project_names_the_file_and_line()
    {
        var repository = Repository("lock-floating", """
                <PackageReference Include="Fixture.Lib" Version="1.*" />
            """);

        var error = AssertBuild.FailsWith(repository.Build(), "HB1002");

        AssertBuild.NamesFile(error, repository.AppProject, line: 9);
        Assert.Contains("Fixture.Lib", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HB1002_a_floating_version_in_Directory_Packages_props_names_that_file()
    {
        var repository = Repository("lock-floating-central", """<PackageReference Include="Fixture.Lib" />""")
            .WriteFile("Directory.Packages.props", CentralVersions("[1.0.0, 2.0.0)", "2.9.*"))
            .Commit("Central versions");

        var result = repository.Build();

        var error = AssertBuild.FailsWith(result, "HB1002");
        AssertBuild.NamesFile(error, Path.Combine(repository.Root, "Directory.Packages.props"), line: 8);
        Assert.Contains("xunit.assert", error.Message, StringComparison.Ordinal);
        Assert.Single(result.Errors("HB1002")); // a range is pinned by the lock, not floating
    }

    [Fact]
    public void Central_package_management_with_transitive_pinning_and_a_runtime_identifier_builds_clean_locked()
    {
        var repository = Repository("lock-central", """<PackageReference Include="Fixture.Lib" />""")
            .WriteFile("app/app.csproj", AppWithPackages("""<PackageReference Include="Fixture.Lib" />""",
                "<RuntimeIdentifier>linux-x64</RuntimeIdentifier><SelfContained>false</SelfContained>", "<TargetFrameworks>net10.0</TargetFrameworks>"))
            .WriteFile("Directory.Packages.props", CentralVersions("1.0.0", "2.9.3"))
            .Commit("Central versions");

        AssertBuild.Succeeds(repository.Build());
        Assert.Contains("net10.0/linux-x64", File.ReadAllText(Path.Combine(repository.Root, "app", "packages.lock.json")), StringComparison.Ordinal);
        repository.Commit("Locks");

        var ci = repository.WithEnvironment("CI", "true").Build();
        AssertBuild.Succeeds(ci);
    }

    [Fact]
    public void HB1001_CI_without_packages_lock_json()
    {
        var repository = Repository("lock-ci-missing", """<PackageReference Include="Fixture.Lib" Version="1.0.0" />""")
            .WriteFile("hermetic.lock.json", TestRepository.HermeticLockJson("app/app.csproj"))
            .Commit("hermetic.lock.json only")
            .WithEnvironment("CI", "true");

        var result = repository.Build();

        var error = AssertBuild.FailsWith(result, "HB1001");
        AssertBuild.NamesFile(error, repository.AppProject);
        Assert.False(File.Exists(Path.Combine(repository.Root, "app", "packages.lock.json")), "CI must not write the lock it lacks.");
    }

    [Fact]
    public void HB1001_CI_without_hermetic_lock_json()
    {
        var repository = Repository("lock-ci-no-hermetic", """<PackageReference Include="Fixture.Lib" Version="1.0.0" />""");
        AssertBuild.Succeeds(repository.Build());
        repository.DeleteFile("hermetic.lock.json").Commit("packages.lock.json only").WithEnvironment("CI", "true");

        var error = AssertBuild.FailsWith(repository.Build(), "HB1001");

        Assert.Contains("hermetic.lock.json", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(repository.Root, "hermetic.lock.json")), "CI must not write the lock it lacks.");
    }

    [Fact]
    public void NU1603_a_missing_version_resolved_higher_is_an_error()
    {
        var repository = Repository("lock-nu1603", """<PackageReference Include="Fixture.Top" Version="1.0.0" />""");
        FixturePackages.Pack(Path.Combine(repository.Root, "feed"), "Fixture.Top", "1.0.0", dependencies: new Dictionary<string, string> { ["Fixture.Lib"] = "1.0.5" });
        repository.Commit("A package whose dependency is missing");

        var result = repository.Build();

        Assert.True(result.ExitCode != 0, result.ToString());
        Assert.Contains(result.Diagnostics, d => d.Code == "NU1603" && d.IsError);
    }

    [Fact]
    public void NU1603_names_the_pin_to_add_and_the_failed_first_build_leaves_no_lock_that_fails_the_next()
    {
        var repository = TestRepository.Create("lock-nu1603-pin");
        var feed = Path.Combine(repository.Root, "feed");
        FixturePackages.Pack(feed, "Fixture.Lib", "1.0.0");
        FixturePackages.Pack(feed, "Fixture.Lib", "1.1.0");
        FixturePackages.Pack(feed, "Fixture.Top", "1.0.0", dependencies: new Dictionary<string, string> { ["Fixture.Lib"] = "1.0.5" });
        string App(string references) =>
            File.ReadAllText(repository.AppProject).Split("  <ItemGroup>")[0].Replace("</Project>", string.Empty, StringComparison.Ordinal)
            + $"  <ItemGroup>{references}</ItemGroup>\n</Project>\n";
        repository.WriteFile("app/app.csproj", App("<PackageReference Include=\"Fixture.Top\" Version=\"1.0.0\" />"))
            .Commit("A package whose dependency is missing");

        var failed = repository.Build();
        Assert.True(failed.ExitCode != 0, failed.ToString());
        var error = Assert.Single(failed.Diagnostics, d => d.Code == "NU1603" && d.IsError);
        const string pin = "<PackageReference Include=\"Fixture.Lib\" Version=\"1.1.0\" />";
        Assert.Contains(pin, error.Message, StringComparison.Ordinal);

        // The pin the message names, added: the next build passes (no NU1004 from the lock of the failed build).
        repository.WriteFile("app/app.csproj", App("<PackageReference Include=\"Fixture.Top\" Version=\"1.0.0\" />" + pin));
        AssertBuild.Succeeds(repository.Build());
        AssertBuild.Succeeds(repository.Build());
        repository.Commit("Pinned and locked");
        AssertBuild.Succeeds(repository.WithEnvironment("CI", "true").Build());
    }
}
