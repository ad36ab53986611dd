using Hermetic.Build.EndToEnd.Tests.Infrastructure;
using Hermetic.Build.TestSupport;

namespace Hermetic.Build.EndToEnd.Tests;

/// <summary>HermeticVendor: vendor once, point nuget.config at the vendor folder alone, build offline.</summary>
public sealed class VendorTests
{
    private const string Package = "newtonsoft.json.13.0.3.nupkg";
    private static string SignedPackage => RestoredPackages.Nupkg("Newtonsoft.Json", "13.0.3");

    private static Dictionary<string, byte[]> Snapshot(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(folder, f), File.ReadAllBytes);

    [Fact]
    public void A_vendored_repository_builds_offline_from_the_vendor_folder_alone_and_vendoring_twice_is_identical()
    {
        var repository = TestRepository.Create("vendor", projectProperties: "<RestorePackagesWithLockFile>true</RestorePackagesWithLockFile>");
        File.Copy(SignedPackage, Path.Combine(repository.Root, "feed", Package));
        repository.WriteFile("app/app.csproj", File.ReadAllText(repository.AppProject).Replace("</Project>",
                """<ItemGroup><PackageReference Include="Newtonsoft.Json" Version="13.0.3" /></ItemGroup></Project>""", StringComparison.Ordinal))
            .Commit("A package");
        AssertBuild.Succeeds(repository.Build());

        AssertBuild.Succeeds(repository.DotNet("msbuild", repository.AppProject, "-t:HermeticVendor"));
        var vendor = Path.Combine(repository.Root, "vendor", "packages");
        var first = Snapshot(vendor);
        Assert.Contains(Package, first.Keys);
        Assert.Contains(first.Keys, k => k.StartsWith("hermetic.build.", StringComparison.Ordinal));
        Assert.Equal(File.ReadAllBytes(SignedPackage), first[Package]);

        AssertBuild.Succeeds(repository.DotNet("msbuild", repository.AppProject, "-t:HermeticVendor"));
        var second = Snapshot(vendor);
        Assert.Equal(first.Keys.Order(), second.Keys.Order());
        Assert.All(first, f => Assert.Equal(f.Value, second[f.Key]));

        // The vendor folder alone, the original feed gone, an empty packages folder.
        Directory.Delete(Path.Combine(repository.Root, "feed"), recursive: true);
        repository.WriteFile("nuget.config", """
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <clear />
                    <add key="vendor" value="vendor/packages" />
                  </packageSources>
                </configuration>
                """)
            .Commit("Vendored");
        var offline = repository.CloneTo(Path.Combine(repository.Root + "-clone"));
        var packages = Path.Combine(repository.Root + "-packages");
        offline.WithEnvironment("NUGET_PACKAGES", packages);

        AssertBuild.Succeeds(offline.Build());
        Assert.True(Directory.Exists(Path.Combine(packages, "newtonsoft.json", "13.0.3")));
    }

    [Fact]
    public void HermeticVendor_removes_packages_no_longer_locked()
    {
        var repository = TestRepository.Create("vendor-prune");
        var vendor = Directory.CreateDirectory(Path.Combine(repository.Root, "vendor", "packages")).FullName;
        File.WriteAllText(Path.Combine(vendor, "old.package.1.0.0.nupkg"), "no longer locked");
        File.WriteAllText(Path.Combine(vendor, "README.md"), "kept");
        AssertBuild.Succeeds(repository.Build());

        AssertBuild.Succeeds(repository.DotNet("msbuild", repository.AppProject, "-t:HermeticVendor"));

        Assert.False(File.Exists(Path.Combine(vendor, "old.package.1.0.0.nupkg")));
        Assert.True(File.Exists(Path.Combine(vendor, "README.md")));
    }

    /// <summary>HB2006: a damaged package of a repository folder feed is named, with its file, before NuGet reads
    /// it; after a build, when the feed's listing changes; in a fresh clone, on its first restore.</summary>
    [Fact]
    public void HB2006_a_truncated_package_of_the_repository_feed_names_the_file()
    {
        var repository = TestRepository.Create("feed-truncated");
        var nupkg = FixturePackages.Pack(Path.Combine(repository.Root, "feed"), "Fixture.Lib", "1.0.0");
        repository.WriteFile("app/app.csproj", File.ReadAllText(repository.AppProject).Replace("</Project>",
                """<ItemGroup><PackageReference Include="Fixture.Lib" Version="1.0.0" /></ItemGroup></Project>""", StringComparison.Ordinal))
            .Commit("A package");
        AssertBuild.Succeeds(repository.Build());

        var bytes = File.ReadAllBytes(nupkg);
        File.WriteAllBytes(nupkg, bytes.AsSpan(0, bytes.Length / 2).ToArray());
        var error = AssertBuild.FailsWith(repository.Build(), "HB2006");
        AssertBuild.NamesFile(error, nupkg);

        repository.Commit("A damaged package");
        var clone = repository.CloneTo(repository.Root + "-clone");
        clone.WithEnvironment("NUGET_PACKAGES", repository.Root + "-packages");
        var fresh = AssertBuild.FailsWith(clone.Build(), "HB2006");
        AssertBuild.NamesFile(fresh, Path.Combine(clone.Root, "feed", Path.GetFileName(nupkg)));
    }
}
