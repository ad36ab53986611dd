using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Hermetic.Build.Core;
using Hermetic.Build.Manifest;
using Hermetic.Build.Tests.TestSupport;

namespace Hermetic.Build.Tests.Manifest;

/// <summary>
/// DSSE signing of the provenance: the signature verifies with .NET, openssl and Python's
/// cryptography (the standard tools a consumer has), the key id is the SHA-256 of the public key,
/// and the private key never reaches a log or a file.
/// </summary>
public sealed class SigningTests
{
    [Fact]
    public void PAE_is_the_DSSE_pre_authentication_encoding()
    {
        // The DSSE specification's own example.
        var pae = Dsse.PreAuthenticationEncoding("http://example.com/HelloWorld", "hello world"u8);

        Assert.Equal("DSSEv1 29 http://example.com/HelloWorld 11 hello world", Encoding.ASCII.GetString(pae));
    }

    [Fact]
    public void PAE_counts_bytes_not_characters()
    {
        var pae = Dsse.PreAuthenticationEncoding("t/\u00e9", "\u20ac"u8);

        Assert.Equal("DSSEv1 4 t/\u00e9 3 \u20ac"u8.ToArray(), pae);
    }

    [Fact]
    public void The_key_id_is_the_sha256_of_the_DER_public_key()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo())), Dsse.KeyId(key));
    }

    [Fact]
    public void A_signed_manifest_verifies_and_any_tampering_is_found()
    {
        using var temp = new TempDirectory();
        var (privatePem, publicPem) = NewKeyPair(temp);
        var manifestPath = SignedBuild(temp, privatePem, out var engine);
        using var publicKey = SigningKey.LoadPublic(File.ReadAllText(publicPem), publicPem);

        Assert.Empty(ManifestVerifier.Verify(manifestPath, publicKey, checkFiles: true));

        // Another key does not verify it.
        using var stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        Assert.Contains(ManifestVerifier.Verify(manifestPath, stranger, checkFiles: true), p => p.Contains("no signature", StringComparison.Ordinal));

        // A changed output is found, whether or not the signature is checked.
        File.AppendAllText(temp.Combine("bin/app.dll"), "tampered");
        Assert.Contains(ManifestVerifier.Verify(manifestPath, null, checkFiles: true), p => p.Contains("app.dll", StringComparison.Ordinal));

        // A manifest edited to match the tampered file no longer matches the signed provenance.
        var manifest = BuildManifest.Load(manifestPath);
        var edited = new BuildManifest(manifest.Project, manifest.TargetFramework, manifest.Configuration, manifest.Toolchain, manifest.Source, manifest.LockFile, manifest.Packages,
            manifest.Outputs.Select(o => o.Path == "app.dll" ? o with { Sha256 = FileHash.Sha256Hex(temp.Combine("bin/app.dll")), Size = new FileInfo(temp.Combine("bin/app.dll")).Length } : o));
        File.WriteAllBytes(manifestPath, edited.ToCanonicalBytes());
        var problems = ManifestVerifier.Verify(manifestPath, publicKey, checkFiles: true);
        Assert.Contains(problems, p => p.Contains("signed provenance gives app.dll", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("byproduct", StringComparison.Ordinal));
    }

    [Fact]
    public void The_envelope_is_an_in_toto_statement_with_a_SLSA_provenance_predicate()
    {
        using var temp = new TempDirectory();
        var (privatePem, _) = NewKeyPair(temp);
        var manifestPath = SignedBuild(temp, privatePem, out _);

        var envelope = Dsse.Parse(manifestPath + ".intoto.json", File.ReadAllBytes(manifestPath + ".intoto.json"));
        var statement = JsonNode.Parse(envelope.Payload)!.AsObject();
        var manifest = BuildManifest.Load(manifestPath);

        Assert.Equal("application/vnd.in-toto+json", envelope.PayloadType);
        Assert.Equal("https://in-toto.io/Statement/v1", (string?)statement["_type"]);
        Assert.Equal("https://slsa.dev/provenance/v1", (string?)statement["predicateType"]);
        Assert.Equal(manifest.Outputs.Select(o => (o.Path, o.Sha256)),
            statement["subject"]!.AsArray().Select(s => ((string)s!["name"]!, (string)s["digest"]!["sha256"]!)));
        var definition = statement["predicate"]!["buildDefinition"]!;
        Assert.Equal(Provenance.BuildType, (string?)definition["buildType"]);
        var dependencies = definition["resolvedDependencies"]!.AsArray();
        Assert.Contains(dependencies, d => (string?)d!["digest"]!["gitCommit"] == new string('c', 40));
        var package = dependencies.Single(d => (string?)d!["uri"] == "pkg:nuget/Zeta.Lib@1.0.0")!;
        Assert.Equal(Convert.ToHexStringLower(Convert.FromBase64String(ManifestTestsLock.ZetaContentHash)), (string?)package["digest"]!["sha512"]);
        Assert.Equal(Provenance.DefaultBuilderId, (string?)statement["predicate"]!["runDetails"]!["builder"]!["id"]);
        // Canonical, like the manifest: no clock time, no absolute path.
        Assert.Equal(envelope.Payload, CanonicalJson.Canonicalize(envelope.Payload));
        Assert.DoesNotContain(temp.Path, Encoding.UTF8.GetString(envelope.Payload), StringComparison.Ordinal);
    }

    /// <summary>openssl is in every Debian-based image: this check always runs.</summary>
    [Fact]
    public void Openssl_verifies_the_signature_over_PAE()
    {
        using var temp = new TempDirectory();
        var (privatePem, publicPem) = NewKeyPair(temp);
        var manifestPath = SignedBuild(temp, privatePem, out _);
        var envelope = Dsse.Parse(manifestPath, File.ReadAllBytes(manifestPath + ".intoto.json"));
        var pae = temp.WriteBytes("pae.bin", Dsse.PreAuthenticationEncoding(envelope.PayloadType, envelope.Payload));
        var signature = temp.WriteBytes("sig.der", envelope.Signatures[0].Signature);

        var (exitCode, output) = Run("openssl", "dgst", "-sha256", "-verify", publicPem, "-signature", signature, pae);

        Assert.True(exitCode == 0, output);
        Assert.Contains("Verified OK", output, StringComparison.Ordinal);

        // And openssl's key id matches: sha256 of the DER public key.
        var der = temp.Combine("pub.der");
        Assert.Equal(0, Run("openssl", "pkey", "-pubin", "-in", publicPem, "-outform", "DER", "-out", der).ExitCode);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(der))), envelope.Signatures[0].KeyId);

        // A flipped payload byte fails.
        var tampered = File.ReadAllBytes(pae);
        tampered[^1] ^= 1;
        File.WriteAllBytes(pae, tampered);
        Assert.NotEqual(0, Run("openssl", "dgst", "-sha256", "-verify", publicPem, "-signature", signature, pae).ExitCode);
    }

    [PythonCryptographyFact]
    public void Python_cryptography_verifies_the_envelope()
    {
        using var temp = new TempDirectory();
        var (privatePem, publicPem) = NewKeyPair(temp);
        var manifestPath = SignedBuild(temp, privatePem, out _);
        var script = temp.Write("verify.py", """
            import base64, json, sys
            from cryptography.hazmat.primitives import hashes, serialization
            from cryptography.hazmat.primitives.asymmetric import ec
            envelope = json.load(open(sys.argv[1]))
            key = serialization.load_pem_public_key(open(sys.argv[2], "rb").read())
            payload = base64.b64decode(envelope["payload"])
            kind = envelope["payloadType"].encode()
            pae = b"DSSEv1 %d %s %d %s" % (len(kind), kind, len(payload), payload)
            key.verify(base64.b64decode(envelope["signatures"][0]["sig"]), pae, ec.ECDSA(hashes.SHA256()))
            print(" ".join(s["digest"]["sha256"] for s in json.loads(payload)["subject"]))
            """);

        var (exitCode, output) = Run("python3", script, manifestPath + ".intoto.json", publicPem);

        Assert.True(exitCode == 0, output);
        Assert.Contains(FileHash.Sha256Hex(temp.Combine("bin/app.dll")), output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_private_key_never_appears_in_a_message_or_an_output()
    {
        using var temp = new TempDirectory();
        var (privatePem, _) = NewKeyPair(temp);
        var manifestPath = SignedBuild(temp, privatePem, out var engine);
        var secret = File.ReadAllText(privatePem).Split('\n')[1]; // a line of the key's base64

        var logged = string.Join("\n", engine.Messages.Select(m => m.Message).Concat(engine.Diagnostics.Select(d => d.Message)));
        Assert.DoesNotContain(secret, logged, StringComparison.Ordinal);
        foreach (var file in Directory.GetFiles(temp.Combine("bin")).Concat(Directory.GetFiles(temp.Combine("obj"))))
        {
            Assert.DoesNotContain(secret, File.ReadAllText(file), StringComparison.Ordinal);
        }

        Assert.True(File.Exists(manifestPath + ".intoto.json"));
    }

    [Fact]
    public void A_bad_key_fails_closed_without_quoting_it()
    {
        using var temp = new TempDirectory();
        var secretLooking = "-----BEGIN PRIVATE KEY-----\nTm90QUtleUJ1dFNlY3JldA==\n-----END PRIVATE KEY-----\n";
        var keyFile = temp.Write("bad.pem", secretLooking);
        var engine = new FakeBuildEngine();
        var task = ManifestTests.WriteTask(engine, temp, temp.Write("app.csproj", "<Project />"), temp.Combine("bin/app.hermetic.json"), null, temp.Write("bin/app.dll", "x"));
        task.SigningKeyFile = keyFile;

        Assert.False(task.Execute());

        var error = Assert.Single(engine.Errors);
        Assert.Equal("HB0001", error.Code);
        Assert.Equal(keyFile, error.File);
        Assert.DoesNotContain("Tm90QUtleUJ1dFNlY3JldA", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_of_another_curve_is_refused()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP384);

        var error = Assert.Throws<HermeticInputException>(() => SigningKey.LoadPrivate(key.ExportPkcs8PrivateKeyPem(), "p384.pem"));

        Assert.Contains("P-256", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Turning_signing_off_removes_the_stale_envelope()
    {
        using var temp = new TempDirectory();
        var (privatePem, _) = NewKeyPair(temp);
        var manifestPath = SignedBuild(temp, privatePem, out _);
        Assert.True(File.Exists(manifestPath + ".intoto.json"));

        var unsigned = ManifestTests.WriteTask(new FakeBuildEngine(), temp, temp.Combine("app.csproj"), manifestPath, null, temp.Combine("bin/app.dll"));
        Assert.True(unsigned.Execute());

        Assert.False(File.Exists(manifestPath + ".intoto.json"));
    }

    private static (string PrivatePem, string PublicPem) NewKeyPair(TempDirectory temp)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return (temp.Write("keys/signing.pem", key.ExportPkcs8PrivateKeyPem()), temp.Write("keys/signing.pub.pem", key.ExportSubjectPublicKeyInfoPem()));
    }

    /// <summary>A signed manifest of two outputs with a lock file, as the Build target writes it.</summary>
    private static string SignedBuild(TempDirectory temp, string privatePem, out FakeBuildEngine engine)
    {
        var project = temp.Write("app.csproj", "<Project />");
        var lockFile = temp.Write("packages.lock.json", ManifestTestsLock.Json);
        var dll = temp.WriteBytes("bin/app.dll", RandomNumberGenerator.GetBytes(3000));
        var pdb = temp.WriteBytes("bin/app.pdb", RandomNumberGenerator.GetBytes(300));
        var manifestPath = temp.Combine("bin/app.hermetic.json");
        engine = new FakeBuildEngine();
        var task = ManifestTests.WriteTask(engine, temp, project, manifestPath, lockFile, dll, pdb);
        task.SigningKeyFile = privatePem;
        task.HashCacheFile = temp.Combine("obj/hermetic.manifest.hashes");
        Assert.True(task.Execute(), string.Join(Environment.NewLine, engine.Diagnostics));
        return manifestPath;
    }

    internal static (int ExitCode, string Output) Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout + stderr.Result);
    }
}

internal static class ManifestTestsLock
{
    public const string ZetaContentHash = "q83vEjRWeJA=";

    public const string Json = """
        {
          "version": 2,
          "dependencies": {
            "net10.0": {
              "Zeta.Lib": { "type": "Direct", "requested": "[1.0.0, )", "resolved": "1.0.0", "contentHash": "q83vEjRWeJA=" }
            }
          }
        }
        """;
}

/// <summary>A fact that runs only where Python 3 with the <c>cryptography</c> package is installed
/// (present on the development machines, not guaranteed on a fresh CI machine), skipped with the
/// reason otherwise. The openssl and .NET checks always run.</summary>
public sealed class PythonCryptographyFactAttribute : FactAttribute
{
    private static readonly Lazy<string?> Missing = new(() =>
    {
        try
        {
            var (exitCode, output) = SigningTests.Run("python3", "-c", "import cryptography");
            return exitCode == 0 ? null : "Python's cryptography package is not installed (import cryptography failed: " + output.Trim() + ")";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "python3 is not installed";
        }
    });

    public PythonCryptographyFactAttribute()
    {
        if (Missing.Value is { } reason)
        {
            Skip = reason;
        }
    }
}
