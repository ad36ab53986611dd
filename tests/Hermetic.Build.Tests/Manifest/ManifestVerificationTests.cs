using System.Security.Cryptography;
using Hermetic.Build.Manifest;
using Hermetic.Build.Tests.TestSupport;
using Microsoft.Build.Utilities;

namespace Hermetic.Build.Tests.Manifest;

/// <summary>The HermeticVerifyManifest task: HB5002 for each problem, HB0001 for an unreadable key.</summary>
public sealed class ManifestVerificationTests
{
    [Fact]
    public void A_matching_signed_manifest_passes_and_a_replaced_output_is_HB5002()
    {
        using var temp = new TempDirectory();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var privatePem = temp.Write("signing.pem", key.ExportPkcs8PrivateKeyPem());
        var publicPem = temp.Write("signing.pub.pem", key.ExportSubjectPublicKeyInfoPem());
        var manifestPath = temp.Combine("bin/app.hermetic.json");
        var write = ManifestTests.WriteTask(new FakeBuildEngine(), temp, temp.Write("app.csproj", "<Project />"), manifestPath, null, temp.Write("bin/app.dll", "original"));
        write.SigningKeyFile = privatePem;
        Assert.True(write.Execute());

        var engine = new FakeBuildEngine();
        Assert.True(Verify(engine, manifestPath, publicPem).Execute(), string.Join("\n", engine.Diagnostics));
        Assert.Empty(engine.Diagnostics);

        temp.Write("bin/app.dll", "replaced");
        var afterReplace = new FakeBuildEngine();
        Assert.False(Verify(afterReplace, manifestPath, publicPem).Execute());
        var error = Assert.Single(afterReplace.Errors);
        Assert.Equal("HB5002", error.Code);
        Assert.Equal(manifestPath, error.File);
        Assert.Contains("app.dll", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_public_key_without_an_envelope_is_HB5002_and_a_missing_key_file_is_HB0001()
    {
        using var temp = new TempDirectory();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var publicPem = temp.Write("signing.pub.pem", key.ExportSubjectPublicKeyInfoPem());
        var manifestPath = temp.Combine("bin/app.hermetic.json");
        Assert.True(ManifestTests.WriteTask(new FakeBuildEngine(), temp, temp.Write("app.csproj", "<Project />"), manifestPath, null, temp.Write("bin/app.dll", "x")).Execute());

        var unsigned = new FakeBuildEngine();
        Assert.False(Verify(unsigned, manifestPath, publicPem).Execute());
        Assert.Contains("no signed provenance", Assert.Single(unsigned.Errors, e => e.Code == "HB5002").Message, StringComparison.Ordinal);

        var noKey = new FakeBuildEngine();
        Assert.False(Verify(noKey, manifestPath, temp.Combine("missing.pem")).Execute());
        Assert.Equal("HB0001", Assert.Single(noKey.Errors).Code);
    }

    [Fact]
    public void An_edited_manifest_is_HB5002()
    {
        using var temp = new TempDirectory();
        var manifestPath = temp.Combine("bin/app.hermetic.json");
        Assert.True(ManifestTests.WriteTask(new FakeBuildEngine(), temp, temp.Write("app.csproj", "<Project />"), manifestPath, null, temp.Write("bin/app.dll", "x")).Execute());
        File.WriteAllText(manifestPath, File.ReadAllText(manifestPath).Replace("\"size\":1", "\"size\":2", StringComparison.Ordinal));

        var engine = new FakeBuildEngine();
        Assert.False(Verify(engine, manifestPath, null).Execute());

        Assert.Contains("\"digest\"", Assert.Single(engine.Errors, e => e.Code == "HB5002").Message, StringComparison.Ordinal);
    }

    private static VerifyManifest Verify(FakeBuildEngine engine, string manifestPath, string? publicKey) => new()
    {
        BuildEngine = engine,
        Manifests = [new TaskItem(manifestPath)],
        PublicKeyFile = publicKey,
    };
}
