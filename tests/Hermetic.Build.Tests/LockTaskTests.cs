using System.IO.Compression;
using System.Text;
using Hermetic.Build.Locks;
using Hermetic.Build.Tests.TestSupport;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Hermetic.Build.Tests;

/// <summary>The lock tasks against a fake engine and a packages folder built here.</summary>
public sealed class LockTaskTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Packages => _temp.Combine("packages");

    /// <summary>A package restored the way NuGet lays it out: &lt;id&gt;/&lt;version&gt;/ with the .nupkg and its files.</summary>
    private (string Directory, string Hash) Restore(string id, string version, bool signed = false)
    {
        var nupkg = TestPackages.Nupkg(id, version, new Dictionary<string, byte[]>
        {
            ["lib/net10.0/" + id + ".dll"] = Encoding.UTF8.GetBytes("library " + id),
            ["build/" + id + ".props"] = Encoding.UTF8.GetBytes("<Project />"),
        });
        var bytes = signed ? TestPackages.Sign(nupkg, [1, 2, 3]) : nupkg;
        var directory = Directory.CreateDirectory(Path.Combine(Packages, id.ToLowerInvariant(), version)).FullName;
        File.WriteAllBytes(Path.Combine(directory, $"{id.ToLowerInvariant()}.{version}.nupkg"), bytes);
        using (var zip = new ZipArchive(new MemoryStream(bytes)))
        {
            foreach (var entry in zip.Entries.Where(e => !e.FullName.EndsWith(".nuspec", StringComparison.Ordinal) && e.FullName != ".signature.p7s"))
            {
                var target = Path.Combine(directory, entry.FullName);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                entry.ExtractToFile(target);
            }
        }

        return (directory, NupkgFile.ContentHash(new MemoryStream(bytes)));
    }

    private string Lock(params (string Id, string Version, string Hash, string Extra)[] packages)
    {
        var entries = string.Join(",\n", packages.Select(p =>
            $"\"{p.Id}\": {{ \"type\": \"Direct\", \"requested\": \"[{p.Version}, )\", \"resolved\": \"{p.Version}\", \"contentHash\": \"{p.Hash}\"{p.Extra} }}"));
        return _temp.Write("app/packages.lock.json", $"{{ \"version\": 1, \"dependencies\": {{ \"net10.0\": {{ {entries} }} }} }}");
    }

    private static VerifyLockedPackages Verify(FakeBuildEngine engine, string lockFile, string packages, params string[] consumed) => new()
    {
        BuildEngine = engine,
        LockFile = lockFile,
        PackageFolders = [new TaskItem(packages)],
        ConsumedFiles = [.. consumed.Select(c => (ITaskItem)new TaskItem(c))],
        HelpLinkBase = Tasks.HelpLinkBase,
    };

    [Fact]
    public void Locked_packages_as_restored_pass_and_report_what_they_read()
    {
        var (plain, plainHash) = Restore("Fixture.Plain", "1.0.0");
        var (signed, signedHash) = Restore("Fixture.Signed", "2.0.0", signed: true);
        var lockFile = Lock(("Fixture.Plain", "1.0.0", plainHash, ""), ("Fixture.Signed", "2.0.0", signedHash, ""));
        var engine = new FakeBuildEngine();
        var dll = Path.Combine(signed, "lib", "net10.0", "Fixture.Signed.dll");

        var task = Verify(engine, lockFile, Packages, dll, Path.Combine(plain, "lib", "net10.0", "Fixture.Plain.dll"));

        Assert.True(task.Execute());
        Assert.Empty(engine.Diagnostics);
        Assert.Contains(task.CheckedFiles, f => f.ItemSpec == dll);
        Assert.Contains(task.CheckedFiles, f => f.ItemSpec.EndsWith("fixture.signed.2.0.0.nupkg", StringComparison.Ordinal));
    }

    [Fact]
    public void HB1003_names_package_and_file_for_an_appended_byte_and_for_a_changed_nupkg()
    {
        var (directory, hash) = Restore("Fixture.Plain", "1.0.0");
        var lockFile = Lock(("Fixture.Plain", "1.0.0", hash, ""));
        var dll = Path.Combine(directory, "lib", "net10.0", "Fixture.Plain.dll");
        File.AppendAllText(dll, "x");

        var engine = new FakeBuildEngine();
        Assert.False(Verify(engine, lockFile, Packages, dll).Execute());
        var error = Assert.Single(engine.Errors);
        Assert.Equal("HB1003", error.Code);
        Assert.Equal(dll, error.File);
        Assert.Contains("Fixture.Plain 1.0.0", error.Message, StringComparison.Ordinal);
        Assert.Contains("lib/net10.0/Fixture.Plain.dll", error.Message, StringComparison.Ordinal);

        var nupkg = Path.Combine(directory, "fixture.plain.1.0.0.nupkg");
        File.AppendAllText(nupkg, "x");
        engine = new FakeBuildEngine();
        Assert.False(Verify(engine, lockFile, Packages).Execute());
        error = Assert.Single(engine.Errors);
        Assert.Equal("HB1003", error.Code);
        Assert.Equal(nupkg, error.File);
    }

    [Fact]
    public void HB1003_gives_the_offset_of_the_first_changed_byte()
    {
        var nupkg = TestPackages.Nupkg("Fixture.Big", "1.0.0", new Dictionary<string, byte[]>
        {
            ["lib/net10.0/Fixture.Big.dll"] = [.. Enumerable.Range(0, 100_000).Select(i => (byte)(i * 7))],
        });
        var directory = Directory.CreateDirectory(Path.Combine(Packages, "fixture.big", "1.0.0")).FullName;
        File.WriteAllBytes(Path.Combine(directory, "fixture.big.1.0.0.nupkg"), nupkg);
        var dll = Path.Combine(directory, "lib", "net10.0", "Fixture.Big.dll");
        Directory.CreateDirectory(Path.GetDirectoryName(dll)!);
        var content = Enumerable.Range(0, 100_000).Select(i => (byte)(i * 7)).ToArray();
        content[5000] ^= 0xFF;
        content[70_000] ^= 0xFF;
        File.WriteAllBytes(dll, content);
        var lockFile = Lock(("Fixture.Big", "1.0.0", NupkgFile.ContentHash(new MemoryStream(nupkg)), ""));

        var engine = new FakeBuildEngine();
        Assert.False(Verify(engine, lockFile, Packages, dll).Execute());
        var error = Assert.Single(engine.Errors);
        Assert.Equal("HB1003", error.Code);
        Assert.Contains("at byte 5000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HB1003_names_a_locked_package_that_is_in_no_packages_folder()
    {
        var (_, hash) = Restore("Fixture.Plain", "1.0.0");
        var lockFile = Lock(("Fixture.Plain", "1.0.0", hash, ""), ("Fixture.Gone", "2.0.0", hash, ""));

        var engine = new FakeBuildEngine();
        Assert.False(Verify(engine, lockFile, Packages).Execute());
        var error = Assert.Single(engine.Errors);
        Assert.Equal("HB1003", error.Code);
        Assert.Equal(lockFile, error.File);
        Assert.Contains("Fixture.Gone 2.0.0", error.Message, StringComparison.Ordinal);
        Assert.Contains("none of the packages folders", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HB1003_names_a_consumed_file_of_a_package_no_lock_entry_covers()
    {
        // fixture.plain.extra shares its folder name's prefix with fixture.plain: a prefix is not a folder.
        var (_, hash) = Restore("Fixture.Plain", "1.0.0");
        var (unlocked, _) = Restore("Fixture.Plain.Extra", "1.0.0");
        var (otherVersion, _) = Restore("Fixture.Plain", "1.0.01");
        var lockFile = Lock(("Fixture.Plain", "1.0.0", hash, ""));
        var stray = Path.Combine(unlocked, "lib", "net10.0", "Fixture.Plain.Extra.dll");
        var strayVersion = Path.Combine(otherVersion, "lib", "net10.0", "Fixture.Plain.dll");
        var outside = _temp.Write("elsewhere/lib/net10.0/Outside.dll", "not from a packages folder");

        var engine = new FakeBuildEngine();
        Assert.False(Verify(engine, lockFile, Packages, stray, strayVersion, outside).Execute());
        Assert.All(engine.Errors, e => Assert.Equal("HB1003", e.Code));
        Assert.Equal([outside, stray, strayVersion], engine.Errors.Select(e => e.File).Order(StringComparer.Ordinal));
        Assert.Contains(engine.Errors, e => e.File == stray && e.Message.Contains("locks no fixture.plain.extra 1.0.0", StringComparison.Ordinal));
    }

    [Fact]
    public void HB1003_names_a_truncated_nupkg_and_its_package()
    {
        var (directory, hash) = Restore("Fixture.Plain", "1.0.0");
        var lockFile = Lock(("Fixture.Plain", "1.0.0", hash, ""));
        var nupkg = Path.Combine(directory, "fixture.plain.1.0.0.nupkg");
        var bytes = File.ReadAllBytes(nupkg);
        File.WriteAllBytes(nupkg, bytes.AsSpan(0, bytes.Length / 2).ToArray());

        var engine = new FakeBuildEngine();
        Assert.False(Verify(engine, lockFile, Packages, Path.Combine(directory, "lib", "net10.0", "Fixture.Plain.dll")).Execute());
        var error = Assert.Single(engine.Errors);
        Assert.Equal("HB1003", error.Code);
        Assert.Equal(nupkg, error.File);
        Assert.Contains("Fixture.Plain 1.0.0", error.Message, StringComparison.Ordinal);
        Assert.Contains("not a readable package", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_package_build_file_imported_by_nuget_g_props_is_consumed()
    {
        var (directory, hash) = Restore("Fixture.Plain", "1.0.0");
        var lockFile = Lock(("Fixture.Plain", "1.0.0", hash, ""));
        var props = _temp.Write("app/obj/app.csproj.nuget.g.props",
            "<Project><ImportGroup><Import Project=\"$(NuGetPackageRoot)fixture.plain/1.0.0/build/Fixture.Plain.props\" /></ImportGroup></Project>");
        File.WriteAllText(Path.Combine(directory, "build", "Fixture.Plain.props"), "<Project><!-- changed --></Project>");
        var engine = new FakeBuildEngine();
        var task = Verify(engine, lockFile, Packages);
        task.PackageImportFiles = [new TaskItem(props)];

        Assert.False(task.Execute());
        Assert.Equal(Path.Combine(directory, "build", "Fixture.Plain.props"), Assert.Single(engine.Errors).File);
    }

    [Fact]
    public void One_build_hashes_a_package_once_for_every_project()
    {
        var (directory, hash) = Restore("Fixture.Plain", "1.0.0");
        var lockFile = Lock(("Fixture.Plain", "1.0.0", hash, ""));
        var nupkg = Path.Combine(directory, "fixture.plain.1.0.0.nupkg");
        var engine = new FakeBuildEngine();
        Assert.True(Verify(engine, lockFile, Packages).Execute());

        // Same length and write time, other bytes: within the build the first verdict stands (no re-hash) ...
        var time = File.GetLastWriteTimeUtc(nupkg);
        var bytes = File.ReadAllBytes(nupkg);
        bytes[^1] ^= 0xFF;
        File.WriteAllBytes(nupkg, bytes);
        File.SetLastWriteTimeUtc(nupkg, time);
        Assert.True(Verify(engine, lockFile, Packages).Execute());

        // ... and the next build hashes it again.
        var next = new FakeBuildEngine();
        Assert.False(Verify(next, lockFile, Packages).Execute());
        Assert.Equal("HB1003", Assert.Single(next.Errors).Code);
    }

    [Fact]
    public void NU1603_a_dependency_resolved_above_every_lower_bound()
    {
        var (_, hash) = Restore("Fixture.Plain", "1.0.0");
        var lockFile = _temp.Write("app/packages.lock.json", $$"""
            { "version": 1, "dependencies": { "net10.0": {
              "Fixture.Top": { "type": "Direct", "requested": "[1.0.0, )", "resolved": "1.0.0", "contentHash": "x", "dependencies": { "Fixture.Plain": "0.9.0" } },
              "Fixture.Other": { "type": "Direct", "requested": "[1.0.0, )", "resolved": "1.0.0", "contentHash": "y", "dependencies": { "Fixture.Plain": "[0.5.0, 2.0.0)" } },
              "Fixture.Plain": { "type": "Transitive", "resolved": "1.0.0", "contentHash": "{{hash}}" }
            } } }
            """);
        var found = MissingLowerBounds.Find(PackagesLockFile.Load(lockFile));

        var missing = Assert.Single(found);
        Assert.Equal(("Fixture.Top 1.0.0", "Fixture.Plain", "0.9.0", "1.0.0"), (missing.Requester, missing.Id, missing.LowerBound, missing.Resolved));
        var engine = new FakeBuildEngine();
        var project = _temp.Combine("app", "app.csproj");
        var plain = Verify(engine, lockFile, Packages);
        plain.ProjectFile = project;
        Assert.False(plain.Execute());
        // The exact pin to add: without Central Package Management, a direct reference.
        var error = Assert.Single(engine.Errors, e => e.Code == "NU1603");
        Assert.Contains($"add <PackageReference Include=\"Fixture.Plain\" Version=\"1.0.0\" /> to '{project}'", error.Message, StringComparison.Ordinal);

        // Under Central Package Management: a PackageVersion, and transitive pinning when it is off.
        var central = new FakeBuildEngine();
        var cpm = Verify(central, lockFile, Packages);
        cpm.CentralPackageManagement = true;
        cpm.PackageVersionsFile = _temp.Combine("Directory.Packages.props");
        Assert.False(cpm.Execute());
        var pin = Assert.Single(central.Errors, e => e.Code == "NU1603").Message;
        Assert.Contains($"set <PackageVersion Include=\"Fixture.Plain\" Version=\"1.0.0\" /> in '{cpm.PackageVersionsFile}'", pin, StringComparison.Ordinal);
        Assert.Contains("<CentralPackageTransitivePinningEnabled>true</CentralPackageTransitivePinningEnabled>", pin, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1.0.0", "1.0.0", 0)]
    [InlineData("1.0.0", "1.0.0.0", 0)]
    [InlineData("1.0.10", "1.0.9", 1)]
    [InlineData("1.0.0-beta", "1.0.0", -1)]
    [InlineData("1.0.0-beta.2", "1.0.0-beta.10", -1)]
    [InlineData("1.0.0-alpha", "1.0.0-beta", -1)]
    public void Lock_versions_compare_in_NuGet_order(string x, string y, int sign)
    {
        Assert.Equal(sign, Math.Sign(LockVersion.Comparer.Compare(x, y)));
        Assert.Equal(-sign, Math.Sign(LockVersion.Comparer.Compare(y, x)));
    }

    [Fact]
    public void HB1002_points_at_the_declaring_element_and_HB1001_needs_CI()
    {
        var project = _temp.Write("app/app.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <ItemGroup>
                <PackageReference Include="Fixture.Plain" Version="1.*" />
                <PackageReference Include="Fixture.Exact" Version="1.0.0" />
                <PackageReference Include="Fixture.Range" Version="[1.0.0, 2.0.0)" />
              </ItemGroup>
            </Project>
            """);
        CheckLockFiles Task(FakeBuildEngine engine, bool ci) => new()
        {
            BuildEngine = engine,
            ProjectFile = project,
            RepositoryRoot = _temp.Path + Path.DirectorySeparatorChar,
            PackageReferences = [new TaskItem("Fixture.Plain", new Dictionary<string, string> { ["Version"] = "1.*" })],
            LockFile = _temp.Combine("app", "packages.lock.json"),
            ContinuousIntegration = ci,
            ContinuousIntegrationReason = ci ? "the environment variable CI is 'true'" : null,
            HelpLinkBase = Tasks.HelpLinkBase,
        };

        var local = new FakeBuildEngine();
        Assert.False(Task(local, ci: false).Execute());
        var error = Assert.Single(local.Errors);
        Assert.Equal(("HB1002", project, 3), (error.Code, error.File, error.Line));

        var ci = new FakeBuildEngine();
        Assert.False(Task(ci, ci: true).Execute());
        Assert.Equal(["HB1001", "HB1002"], ci.Errors.Select(e => e.Code!).Order());
        // The message says why the build thinks it is CI.
        Assert.Contains("CI mode because the environment variable CI is 'true'", ci.Errors.Single(e => e.Code == "HB1001").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HB1007_and_the_first_write_of_hermetic_lock_json()
    {
        var (sdkDirectory, sdkHash) = Restore("Hermetic.Build", "9.9.9");
        File.WriteAllText(Path.Combine(sdkDirectory, "hermetic.build.nuspec"), "<package><metadata><id>Hermetic.Build</id></metadata></package>");
        var (_, downloadHash) = Restore("Fixture.Download", "1.0.0");
        var project = _temp.Write("app/app.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\" />");
        var assets = _temp.Write("app/obj/project.assets.json", """
            { "version": 3, "project": { "frameworks": { "net10.0": { "downloadDependencies": [ { "name": "Fixture.Download", "version": "[1.0.0, 1.0.0]" } ] } } } }
            """);
        var lockPath = _temp.Combine("hermetic.lock.json");
        CheckExternalPackages Task(FakeBuildEngine engine, bool ci) => new()
        {
            BuildEngine = engine,
            ProjectFile = project,
            RepositoryRoot = _temp.Path + Path.DirectorySeparatorChar,
            LockFile = lockPath,
            AssetsFile = assets,
            PackageFolders = [new TaskItem(Packages)],
            HermeticBuildPackageDirectory = sdkDirectory,
            ContinuousIntegration = ci,
            HelpLinkBase = Tasks.HelpLinkBase,
        };

        var ci = new FakeBuildEngine();
        Assert.False(Task(ci, ci: true).Execute());
        Assert.Equal("HB1001", Assert.Single(ci.Errors).Code);
        Assert.False(File.Exists(lockPath));

        var local = new FakeBuildEngine();
        Assert.True(Task(local, ci: false).Execute(), string.Join("\n", local.Diagnostics));
        var written = HermeticLockFile.Load(lockPath);
        Assert.Equal(downloadHash, written.Find("Fixture.Download", "1.0.0", ExternalPackageKind.Download)!.ContentHash);
        Assert.Equal(sdkHash, written.Find("Hermetic.Build", "9.9.9", ExternalPackageKind.Sdk)!.ContentHash);
        Assert.Equal(["app/app.csproj"], written.Entries[0].Projects);

        // Once the file exists, a build never adds to it: a new download is HB1007.
        File.WriteAllText(assets, assets.Length > 0 ? File.ReadAllText(assets).Replace("1.0.0, 1.0.0", "2.0.0, 2.0.0", StringComparison.Ordinal) : "");
        Restore("Fixture.Download", "2.0.0");
        var later = new FakeBuildEngine();
        var before = File.ReadAllBytes(lockPath);
        Assert.False(Task(later, ci: false).Execute());
        var error = Assert.Single(later.Errors);
        Assert.Equal(("HB1007", lockPath), (error.Code, error.File));
        Assert.Contains("Fixture.Download 2.0.0", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(lockPath));

        // A truncated .nupkg of a locked download: HB1007 naming the package and the file, not HB0001.
        File.WriteAllText(assets, File.ReadAllText(assets).Replace("2.0.0, 2.0.0", "1.0.0, 1.0.0", StringComparison.Ordinal));
        var nupkg = Path.Combine(Packages, "fixture.download", "1.0.0", "fixture.download.1.0.0.nupkg");
        var bytes = File.ReadAllBytes(nupkg);
        File.WriteAllBytes(nupkg, bytes.AsSpan(0, bytes.Length / 2).ToArray());
        var truncated = new FakeBuildEngine();
        Assert.False(Task(truncated, ci: false).Execute());
        var unreadable = Assert.Single(truncated.Errors);
        Assert.Equal(("HB1007", nupkg), (unreadable.Code, unreadable.File));
        Assert.Contains("Fixture.Download 1.0.0", unreadable.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_net8_reference_pack_download_is_read_from_every_framework_of_the_assets_file()
    {
        var assets = _temp.Write("obj/project.assets.json", """
            { "version": 3, "project": { "frameworks": {
              "net8.0": { "downloadDependencies": [ { "name": "Microsoft.NETCore.App.Ref", "version": "[8.0.11, 8.0.11]" },
                                                    { "name": "Microsoft.NETCore.App.Host.win-x64", "version": "[8.0.11, 8.0.11]" } ] },
              "net10.0": { "frameworkReferences": { "Microsoft.NETCore.App": { "privateAssets": "all" } } }
            } } }
            """);

        var downloads = ExternalPackagesTask.ReadDownloads(assets);

        Assert.Equal(["Microsoft.NETCore.App.Host.win-x64 8.0.11", "Microsoft.NETCore.App.Ref 8.0.11"],
            downloads.Select(d => $"{d.Id} {d.Version}").Order(StringComparer.Ordinal));
        Assert.All(downloads, d => Assert.Equal(("download", "PackageDownload of net8.0"), (d.Kind, d.Origin)));
        Assert.Equal(["1.0.0", "2.0.0"], ExternalPackagesTask.ExactVersions("[1.0.0];[2.0.0, 2.0.0]"));
    }
}
