using System.Security.Cryptography;
using Hermetic.Build.Sources;
using Hermetic.Build.Tests.TestSupport;
using Microsoft.Build.Utilities;

namespace Hermetic.Build.Tests;

/// <summary>VendorPackages on a fake packages folder laid out as NuGet extracts packages.</summary>
public sealed class VendorPackagesTests : IDisposable
{
    private readonly TempDirectory _repository = new();
    private readonly TempDirectory _packages = new();

    public void Dispose()
    {
        _repository.Dispose();
        _packages.Dispose();
    }

    private string Vendor => _repository.Combine("vendor", "packages");

    /// <summary>A package in the packages folder: the .nupkg, its .sha512, and .nupkg.metadata with a content hash.</summary>
    private string AddPackage(string id, string version, byte[] content, string? contentHash = null)
    {
        var folder = _packages.Combine(id.ToLowerInvariant(), version);
        var name = id.ToLowerInvariant() + "." + version + ".nupkg";
        _packages.WriteBytes(Path.Combine(folder, name), content);
        _packages.Write(Path.Combine(folder, name + ".sha512"), Convert.ToBase64String(SHA512.HashData(content)));
        var hash = contentHash ?? Convert.ToBase64String(SHA512.HashData(content));
        _packages.Write(Path.Combine(folder, ".nupkg.metadata"), "{\n  \"version\": 2,\n  \"contentHash\": \"" + hash + "\",\n  \"source\": \"/feed\"\n}");
        return hash;
    }

    private void Lock(string project, params (string Id, string Version, string Hash)[] packages)
    {
        var entries = string.Join(",\n", packages.Select(p =>
            $"      \"{p.Id}\": {{ \"type\": \"Direct\", \"requested\": \"[{p.Version}, )\", \"resolved\": \"{p.Version}\", \"contentHash\": \"{p.Hash}\" }}"));
        _repository.Write(Path.Combine(project, "packages.lock.json"), "{\n  \"version\": 1,\n  \"dependencies\": {\n    \"net10.0\": {\n" + entries + "\n    }\n  }\n}\n");
    }

    private FakeBuildEngine Run(params string[] additional)
    {
        var engine = new FakeBuildEngine();
        new VendorPackages
        {
            BuildEngine = engine,
            RepositoryRoot = _repository.Path,
            PackagesDirectory = _packages.Path,
            VendorDirectory = Vendor,
            AdditionalPackageDirectories = [.. additional.Select(a => new TaskItem(a))],
        }.Execute();
        return engine;
    }

    private Dictionary<string, byte[]> Snapshot() =>
        Directory.EnumerateFiles(Vendor).ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes);

    [Fact]
    public void Every_locked_package_of_every_project_is_copied_flat_in_lower_case_and_twice_gives_the_same_folder()
    {
        var a = AddPackage("Contoso.Core", "1.2.0", [1, 2, 3]);
        var b = AddPackage("Fabrikam.Json", "2.0.0-beta.1", [4, 5, 6, 7]);
        Lock("src/One", ("Contoso.Core", "1.2.0", a));
        Lock("src/Two", ("Contoso.Core", "1.2.0", a), ("Fabrikam.Json", "2.0.0-beta.1", b));
        _repository.Write("src/Two/bin/packages.lock.json", "not read");

        Assert.Empty(Run().Diagnostics);
        var first = Snapshot();
        Assert.Equal(["contoso.core.1.2.0.nupkg", "fabrikam.json.2.0.0-beta.1.nupkg"], first.Keys.Order());
        Assert.Equal([1, 2, 3], first["contoso.core.1.2.0.nupkg"]);
        var written = File.GetLastWriteTimeUtc(Path.Combine(Vendor, "contoso.core.1.2.0.nupkg"));

        Assert.Empty(Run().Diagnostics);
        var second = Snapshot();
        Assert.Equal(first.Keys.Order(), second.Keys.Order());
        Assert.All(first, f => Assert.Equal(f.Value, second[f.Key]));
        Assert.Equal(written, File.GetLastWriteTimeUtc(Path.Combine(Vendor, "contoso.core.1.2.0.nupkg")));
    }

    [Fact]
    public void Packages_no_longer_locked_are_removed_and_other_files_kept()
    {
        var a = AddPackage("Contoso.Core", "1.2.0", [1]);
        Lock("app", ("Contoso.Core", "1.2.0", a));
        _repository.Write("vendor/packages/old.package.1.0.0.nupkg", "stale");
        _repository.Write("vendor/packages/README.md", "kept");

        Assert.Empty(Run().Diagnostics);

        Assert.Equal(["README.md", "contoso.core.1.2.0.nupkg"], Snapshot().Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_package_whose_content_hash_differs_from_its_lock_fails_with_HB0001()
    {
        AddPackage("Contoso.Core", "1.2.0", [1, 2], contentHash: "c29tZXRoaW5nIGVsc2U=");
        Lock("app", ("Contoso.Core", "1.2.0", Convert.ToBase64String(SHA512.HashData(new byte[] { 1, 2 }))));

        var error = Assert.Single(Run().Errors);

        Assert.Equal("HB0001", error.Code);
        Assert.Equal(_repository.Combine("app", "packages.lock.json"), error.File);
        Assert.False(File.Exists(Path.Combine(Vendor, "contoso.core.1.2.0.nupkg")));
    }

    [Fact]
    public void A_package_changed_after_extraction_or_missing_fails_with_HB0001()
    {
        var hash = AddPackage("Contoso.Core", "1.2.0", [1, 2]);
        File.WriteAllBytes(_packages.Combine("contoso.core", "1.2.0", "contoso.core.1.2.0.nupkg"), [9, 9]);
        Lock("app", ("Contoso.Core", "1.2.0", hash), ("Missing.Package", "1.0.0", hash));

        var errors = Run().Errors;

        Assert.Equal("HB0001", Assert.Single(errors).Code);
    }

    [Fact]
    public void The_packages_of_hermetic_lock_json_are_vendored_and_checked_too()
    {
        var pack = AddPackage("Microsoft.DotNet.ILCompiler", "10.0.0", [7, 7]);
        AddPackage("Some.Tool", "1.0.0", [8]);
        _repository.Write("hermetic.lock.json", "{\n  \"version\": 1,\n  \"packages\": [\n"
            + "    { \"id\": \"Microsoft.DotNet.ILCompiler\", \"version\": \"10.0.0\", \"kind\": \"download\", \"contentHash\": \"" + pack + "\", \"projects\": [\"app/app.csproj\"] }\n  ]\n}\n");

        Assert.Empty(Run().Diagnostics);
        Assert.Equal(["microsoft.dotnet.ilcompiler.10.0.0.nupkg"], Snapshot().Keys);

        _repository.Write("hermetic.lock.json", "{ \"version\": 1, \"packages\": [ { \"id\": \"Some.Tool\", \"version\": \"1.0.0\", \"kind\": \"tool\", \"contentHash\": \"" + pack + "\" } ] }");
        var error = Assert.Single(Run().Errors);
        Assert.Equal(("HB0001", _repository.Combine("hermetic.lock.json")), (error.Code, error.File));
    }

    [Fact]
    public void An_additional_package_folder_is_vendored_after_its_checksum_is_checked()
    {
        AddPackage("Hermetic.Build", "0.1.0", [42]);

        Assert.Empty(Run(_packages.Combine("hermetic.build", "0.1.0")).Diagnostics);

        Assert.Equal([42], Snapshot()["hermetic.build.0.1.0.nupkg"]);
    }
}
