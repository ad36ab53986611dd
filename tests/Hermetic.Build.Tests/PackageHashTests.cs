using System.Security.Cryptography;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using Hermetic.Build.Locks;
using Hermetic.Build.Tests.TestSupport;

namespace Hermetic.Build.Tests;

public sealed class PackageHashTests
{
    private const string MachinePackages = "/opt/nuget/packages";

    [Fact]
    public void Unsigned_package_hash_is_the_sha512_of_the_file()
    {
        var nupkg = TestPackages.Nupkg("Fixture.Unsigned", "1.0.0", new Dictionary<string, byte[]> { ["lib/net10.0/a.dll"] = [1, 2, 3] });
        Assert.Equal(Convert.ToBase64String(SHA512.HashData(nupkg)), NuGetContentHash.Compute(new MemoryStream(nupkg)));
    }

    [Fact]
    public void Signed_package_hash_leaves_the_signature_out()
    {
        var nupkg = TestPackages.Nupkg("Fixture.Signed", "1.0.0", new Dictionary<string, byte[]> { ["lib/net10.0/a.dll"] = [1, 2, 3, 4] });
        var signed = TestPackages.Sign(nupkg, [9, 8, 7, 6, 5]);
        Assert.NotEqual(Convert.ToBase64String(SHA512.HashData(signed)), NuGetContentHash.Compute(new MemoryStream(signed)));
        Assert.Equal(Convert.ToBase64String(SHA512.HashData(nupkg)), NuGetContentHash.Compute(new MemoryStream(signed)));
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
            return NuGetContentHash.Compute(new MemoryStream(signed)) == Convert.ToBase64String(SHA512.HashData(nupkg));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Property_any_changed_byte_of_a_signed_package_outside_the_signature_changes_the_hash()
    {
        var nupkg = TestPackages.Nupkg("Fixture.Tamper", "1.0.0", new Dictionary<string, byte[]> { ["lib/net10.0/a.dll"] = [.. Enumerable.Range(0, 300).Select(i => (byte)i)] });
        var signed = TestPackages.Sign(nupkg, [1, 2, 3]);
        var original = NuGetContentHash.Compute(new MemoryStream(signed));
        var signatureStart = nupkg.Length - (nupkg.Length - FindDirectory(nupkg));
        Prop.ForAll(Gen.Choose(0, signatureStart - 1).ToArbitrary(), offset =>
        {
            var copy = (byte[])signed.Clone();
            copy[offset] ^= 0x5A;
            try
            {
                return NuGetContentHash.Compute(new MemoryStream(copy)) != original;
            }
            catch (Exception e) when (e is InvalidDataException or EndOfStreamException)
            {
                return true; // a broken structure fails closed
            }
        }).QuickCheckThrowOnFailure();
    }

    /// <summary>The oracle: NuGet's own content hashes of the real (repository-signed) packages of this
    /// machine, as the committed packages.lock.json files of this repository record them.</summary>
    [Fact]
    public void Signed_machine_packages_match_the_content_hash_NuGet_locked()
    {
        if (!Directory.Exists(MachinePackages))
        {
            return;
        }

        var locked = LockedHashes();
        var compared = 0;
        foreach (var nupkg in Directory.EnumerateFiles(MachinePackages, "*.nupkg", SearchOption.AllDirectories))
        {
            var versionDir = Path.GetDirectoryName(nupkg)!;
            var key = (Path.GetFileName(Path.GetDirectoryName(versionDir)!), Path.GetFileName(versionDir));
            if (locked.TryGetValue(key, out var expected))
            {
                Assert.Equal(expected, NuGetContentHash.Compute(nupkg));
                compared++;
            }
        }

        Assert.True(compared >= 5, $"only {compared} packages of {MachinePackages} are in this repository's locks");
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

    private static int FindDirectory(byte[] zip)
    {
        using var stream = new MemoryStream(zip);
        return (int)ZipCentralDirectory.Read(stream).CentralDirectoryStart;
    }

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
