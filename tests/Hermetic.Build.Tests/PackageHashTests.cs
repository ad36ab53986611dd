using System.Security.Cryptography;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using Hermetic.Build.Core;
using Hermetic.Build.Locks;
using Hermetic.Build.TestSupport;
using Hermetic.Build.Tests.TestSupport;

namespace Hermetic.Build.Tests;

public sealed class PackageHashTests
{
    [Fact]
    public void Unsigned_package_hash_is_the_sha512_of_the_file()
    {
        var nupkg = TestPackages.Nupkg("Fixture.Unsigned", "1.0.0", new Dictionary<string, byte[]> { ["lib/net10.0/a.dll"] = [1, 2, 3] });
        Assert.Equal(Convert.ToBase64String(SHA512.HashData(nupkg)), NupkgFile.ContentHash(new MemoryStream(nupkg)));
    }

    [Fact]
    public void Signed_package_hash_leaves_the_signature_out()
    {
        var nupkg = TestPackages.Nupkg("Fixture.Signed", "1.0.0", new Dictionary<string, byte[]> { ["lib/net10.0/a.dll"] = [1, 2, 3, 4] });
        var signed = TestPackages.Sign(nupkg, [9, 8, 7, 6, 5]);
        Assert.NotEqual(Convert.ToBase64String(SHA512.HashData(signed)), NupkgFile.ContentHash(new MemoryStream(signed)));
        Assert.Equal(Convert.ToBase64String(SHA512.HashData(nupkg)), NupkgFile.ContentHash(new MemoryStream(signed)));
    }

    [Fact]
    public void Property_signing_any_package_keeps_its_content_hash()
    {
        var files = Gen.Elements("lib/net10.0/a.dll", "build/x.props", "tools/t.ps1", "content/readme.txt", "ref/net8.0/b.dll")
            .Zip(Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>()))
            .ListOf()
            .Select(list => list.GroupBy(f => f.Item1).ToDictionary(g => g.Key, g => g.First().Item2));
        var case_ = files.Zip(Gen.NonEmptyListOf(ArbMap.Default.GeneratorFor<byte>())).Zip(ArbMap.Default.GeneratorFor<bool>());
        Prop.ForAll(case_.ToArbitrary(), c =>
        {
            var ((content, signature), recordFirst) = c;
            var nupkg = TestPackages.Nupkg("Fixture.Property", "1.0.0", content);
            var signed = TestPackages.Sign(nupkg, [.. signature], recordFirst);
            return NupkgFile.ContentHash(new MemoryStream(signed)) == Convert.ToBase64String(SHA512.HashData(nupkg));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Property_any_changed_byte_of_a_signed_package_outside_the_signature_changes_the_hash()
    {
        var nupkg = TestPackages.Nupkg("Fixture.Tamper", "1.0.0", new Dictionary<string, byte[]> { ["lib/net10.0/a.dll"] = [.. Enumerable.Range(0, 300).Select(i => (byte)i)] });
        var signed = TestPackages.Sign(nupkg, [1, 2, 3]);
        var original = NupkgFile.ContentHash(new MemoryStream(signed));
        var signatureStart = nupkg.Length - (nupkg.Length - FindDirectory(nupkg));
        Prop.ForAll(Gen.Choose(0, signatureStart - 1).ToArbitrary(), offset =>
        {
            var copy = (byte[])signed.Clone();
            copy[offset] ^= 0x5A;
            try
            {
                return NupkgFile.ContentHash(new MemoryStream(copy)) != original;
            }
            catch (Exception e) when (NupkgFile.IsUnreadablePackage(e))
            {
                return true; // a broken structure fails closed
            }
        }).QuickCheckThrowOnFailure();
    }

    /// <summary>The oracle: NuGet's own content hashes of real repository-signed packages (downloaded by this
    /// test project, tests/Directory.Build.props), as NuGet wrote them into .nupkg.metadata when it extracted them.</summary>
    [Theory]
    [InlineData("Newtonsoft.Json", "13.0.3")]
    [InlineData("xunit.abstractions", "2.0.3")]
    [InlineData("xunit.assert", "2.9.3")]
    public void Signed_downloaded_packages_have_the_content_hash_NuGet_recorded(string id, string version)
    {
        var nupkg = RestoredPackages.Nupkg(id, version);
        Assert.True(NupkgFile.IsSigned(nupkg), $"{nupkg} is expected to be a signed package");
        var expected = RestoredPackages.NuGetContentHash(nupkg);
        Assert.NotEqual(Convert.ToBase64String(SHA512.HashData(File.ReadAllBytes(nupkg))), expected);
        Assert.Equal(expected, NupkgFile.ContentHash(nupkg));
    }

    /// <summary>The second oracle: the content hashes the committed packages.lock.json files of this repository
    /// record, for every locked package in the packages folder the tests were restored into.</summary>
    [Fact]
    public void Packages_of_this_repository_match_the_content_hash_NuGet_locked()
    {
        var compared = 0;
        foreach (var ((id, version), expected) in LockedHashes())
        {
            var nupkg = Path.Combine(RestoredPackages.Folder, id, version, $"{id}.{version}.nupkg");
            if (File.Exists(nupkg))
            {
                Assert.Equal(expected, NupkgFile.ContentHash(nupkg));
                compared++;
            }
        }

        Assert.True(compared >= 5, $"only {compared} locked packages are in '{RestoredPackages.Folder}'");
    }

    [Fact]
    public void A_truncated_package_is_an_input_error_naming_the_file()
    {
        var path = Path.Combine(Path.GetTempPath(), $"hermetic-truncated-{Guid.NewGuid():N}.nupkg");
        try
        {
            var nupkg = File.ReadAllBytes(RestoredPackages.Nupkg("xunit.abstractions", "2.0.3"));
            File.WriteAllBytes(path, nupkg.AsSpan(0, nupkg.Length / 2).ToArray());
            var error = Assert.Throws<HermeticInputException>(() => NupkgFile.ContentHash(path));
            Assert.Equal(path, error.Location.File);
            Assert.Contains(path, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static Dictionary<(string, string), string> LockedHashes()
    {
        var result = new Dictionary<(string, string), string>();
        var root = FindRepositoryRoot();
        foreach (var path in Directory.EnumerateFiles(Path.Combine(root, "tests"), "packages.lock.json", SearchOption.AllDirectories))
        {
            foreach (var entry in PackagesLockFile.Load(path).Packages)
            {
                result[(entry.Id.ToLowerInvariant(), entry.Resolved!.ToLowerInvariant())] = entry.ContentHash!;
            }
        }

        return result;
    }

    private static int FindDirectory(byte[] zip) => TestPackages.CentralDirectoryStart(zip);

    internal static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Hermetic.Build.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Hermetic.Build.sln not found");
    }

    internal static JsonDocument Json(string path) => JsonDocument.Parse(File.ReadAllBytes(path));
}
