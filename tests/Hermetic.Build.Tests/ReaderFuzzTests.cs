using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using Hermetic.Build.Codegen;
using Hermetic.Build.Core;
using Hermetic.Build.Locks;
using Hermetic.Build.Manifest;
using Hermetic.Build.Sources;
using Hermetic.Build.Tests.Manifest;
using Hermetic.Build.Tests.TestSupport;
using Hermetic.Build.Toolchain;
using Hermetic.Build.Verify;

namespace Hermetic.Build.Tests;

/// <summary>
/// Every reader of a file a person or another machine hands the build (locks, manifests, DSSE
/// envelopes and their statements, nuget.config, global.json, generator stamps, keys), given
/// arbitrary bytes, arbitrary JSON, and valid files truncated or mutated: it reads the file or
/// throws HermeticInputException (HB0001 naming the file), never another exception, which would
/// reach the user as a stack trace.
/// </summary>
public sealed class ReaderFuzzTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private const string PackagesLock = """
        {
          "version": 1,
          "dependencies": {
            "net10.0": {
              "Some.Package": {
                "type": "Direct",
                "requested": "[1.0.0, )",
                "resolved": "1.0.0",
                "contentHash": "q1w2e3r4t5y6u7i8o9p0a1s2d3f4g5h6j7k8l9z0x1c2v3b4n5m6q7w8e9r0t1y2u3i4o5p6a7s8d9f0g1h2==",
                "dependencies": { "Other.Package": "2.0.0" }
              },
              "Other.Package": { "type": "Transitive", "resolved": "2.0.0", "contentHash": "abcd==" },
              "Lib": { "type": "Project", "dependencies": { "Some.Package": "[1.0.0, )" } }
            },
            "net10.0/linux-x64": {}
          }
        }
        """;

    private const string HermeticLock = """
        {
          "version": 1,
          "packages": [
            { "id": "Microsoft.NETCore.App.Ref", "version": "10.0.0", "kind": "download", "contentHash": "abcd==", "projects": [ "app/app.csproj" ] },
            { "id": "Hermetic.Build", "version": "1.0.0", "kind": "sdk", "contentHash": "efgh==" },
            { "id": "mygen", "version": "2.0.0", "kind": "tool", "contentHash": "ijkl==" }
          ]
        }
        """;

    private const string GlobalJsonText = """
        {
          // the SDK
          "sdk": { "version": "10.0.100", "rollForward": "disable", "allowPrerelease": false },
          "msbuild-sdks": { "Hermetic.Build": "1.0.0", "Other.Sdk": "2.0.0" },
        }
        """;

    private const string NuGetConfigText = """
        <?xml version="1.0" encoding="utf-8"?>
        <configuration>
          <packageSources>
            <clear />
            <add key="vendor" value="vendor/packages" />
            <add key="feed" value="https://pkgs.example.invalid/v3/index.json" protocolVersion="3" />
          </packageSources>
          <packageSourceMapping>
            <packageSource key="vendor"><package pattern="*" /></packageSource>
          </packageSourceMapping>
          <packageSourceCredentials><feed><add key="Username" value="u" /><add key="ClearTextPassword" value="%PW%" /></feed></packageSourceCredentials>
          <config><add key="globalPackagesFolder" value="packages" /></config>
        </configuration>
        """;

    private static readonly byte[] Stamp = new GenerateStamp([
        new StampEntry("Api", "dotnet tool run mygen --out {output}", "Generated/Api",
            [new StampFile("api.yaml", new string('b', 64))], [new StampFile("A/B.cs", new string('d', 64))]),
    ]).ToBytes();

    /// <summary>A manifest, its signed envelope, and the key, written by Hermetic.Build itself.</summary>
    private (byte[] Manifest, byte[] Envelope, string PublicPem, string PrivatePem) Signed()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var privatePem = _temp.Write("seed/signing.pem", key.ExportPkcs8PrivateKeyPem());
        var manifestPath = _temp.Combine("seed/bin/app.hermetic.json");
        var write = ManifestTests.WriteTask(new FakeBuildEngine(), _temp, _temp.Write("seed/app.csproj", "<Project />"), manifestPath, null,
            _temp.Write("seed/bin/app.dll", "binary"), _temp.Write("seed/bin/app.pdb", "symbols"));
        write.SigningKeyFile = privatePem;
        Assert.True(write.Execute());
        return (File.ReadAllBytes(manifestPath), File.ReadAllBytes(manifestPath + ".intoto.json"), key.ExportSubjectPublicKeyInfoPem(), key.ExportPkcs8PrivateKeyPem());
    }

    // ----- inputs -----

    private static Gen<byte[]> AnyBytes() => ArbMap.Default.GeneratorFor<byte[]>().Select(b => b ?? []);

    private static Gen<byte[]> AnyJson() => JsonGenerators.Value(3).Select(v => Encoding.UTF8.GetBytes(v?.ToJsonString() ?? "null"));

    /// <summary>A valid file cut short, with bytes changed, or with one JSON value replaced or removed.</summary>
    private static Gen<byte[]> Mutations(byte[] seed)
    {
        var truncated = Gen.Choose(0, seed.Length).Select(n => seed[..n]);
        var flipped = Gen.Zip(Gen.Choose(0, Math.Max(0, seed.Length - 1)), ArbMap.Default.GeneratorFor<byte>()).ListOf()
            .Select(changes =>
            {
                var copy = (byte[])seed.Clone();
                foreach (var (at, value) in changes.Where(_ => copy.Length > 0))
                {
                    copy[at] = value;
                }

                return copy;
            });
        var interesting = Gen.Elements("null", "true", "0", "-9223372036854775808", "18446744073709551616", "1e400", "-0", "\"\"", "\"\\ud800\"", "[]", "{}",
            "[[[[[[[[]]]]]]]]", "\"../../x\"", "\"/etc/x\"", "\"C:\\\\x\"", "\"\\u0000\"", "1.5", "\"" + new string('a', 300) + "\"");
        var values = Gen.OneOf(interesting, JsonGenerators.Value(2).Select(v => v?.ToJsonString() ?? "null"));
        var replaced =
            from n in ArbMap.Default.GeneratorFor<int>()
            from json in values
            from mode in Gen.Frequency((1, Gen.Constant(Edit.Remove)), (3, Gen.Constant(Edit.Replace)), (1, Gen.Constant(Edit.Duplicate)))
            select ReplaceJsonValue(seed, n, json, mode);
        return Gen.OneOf(truncated, flipped, replaced, replaced);
    }

    private enum Edit
    {
        Replace,
        Remove,
        Duplicate,
    }

    /// <summary>The seed with its n-th JSON value (depth first) replaced by <paramref name="json"/>, removed,
    /// or given a second member of the same name (in another case too), which JSON parsers keep.</summary>
    private static byte[] ReplaceJsonValue(byte[] seed, int n, string json, Edit edit)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(seed, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException)
        {
            return seed;
        }

        var nodes = new List<JsonNode>();
        Collect(root, nodes);
        if (nodes.Count == 0)
        {
            return seed;
        }

        // The replacement goes in as text, so that it may be JSON that System.Text.Json would not write (a lone surrogate).
        const string Marker = "@@replaced@@";
        var target = nodes[(int)((uint)n % (uint)nodes.Count)];
        var text = json;
        switch (target.Parent)
        {
            case JsonObject parent when edit == Edit.Remove:
                parent.Remove(target.GetPropertyName());
                break;
            case JsonObject parent:
                var name = target.GetPropertyName();
                if (edit == Edit.Duplicate)
                {
                    var original = target.ToJsonString();
                    text = original + "," + JsonSerializer.Serialize(name) + ":" + json + "," + JsonSerializer.Serialize(name.ToUpperInvariant()) + ":" + original;
                }

                parent[name] = Marker;
                break;
            case JsonArray array when edit == Edit.Remove:
                array.RemoveAt(target.GetElementIndex());
                break;
            case JsonArray array:
                array[target.GetElementIndex()] = Marker;
                break;
            default:
                return Encoding.UTF8.GetBytes(json);
        }

        return Encoding.UTF8.GetBytes(root!.ToJsonString().Replace("\"" + Marker + "\"", text, StringComparison.Ordinal));
    }

    private static void Collect(JsonNode? node, List<JsonNode> nodes)
    {
        if (node is null)
        {
            return;
        }

        nodes.Add(node);
        foreach (var child in node switch { JsonObject o => o.Select(p => p.Value), JsonArray a => a.AsEnumerable(), _ => [] })
        {
            Collect(child, nodes);
        }
    }

    private static Gen<byte[]> Inputs(params byte[][] seeds) =>
        Gen.Frequency((1, AnyBytes()), (1, AnyJson()), (4, Gen.OneOf(seeds.Select(Mutations))));

    /// <summary>The property: reading succeeds or throws HermeticInputException.</summary>
    /// <summary>How many inputs each property tries: a few hundred by default, more with HERMETIC_FUZZ_TESTS (a longer run).</summary>
    private static readonly int Tests = int.TryParse(Environment.GetEnvironmentVariable("HERMETIC_FUZZ_TESTS"), out var tests) && tests > 0 ? tests : 400;

    private static void ReadsOrRefuses(Gen<byte[]> inputs, Action<byte[]> read) =>
        Prop.ForAll(Arb.From(inputs), bytes =>
            {
                try
                {
                    read(bytes);
                }
                catch (HermeticInputException)
                {
                }
            })
            .Check(Config.QuickThrowOnFailure.WithMaxTest(Tests));

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    // ----- the readers -----

    [Fact]
    public void The_seeds_are_valid() // else the mutations would only test the refusal of one broken file
    {
        Assert.Equal(3, PackagesLockFile.Parse("/r/packages.lock.json", Utf8(PackagesLock)).Entries.Count);
        Assert.Equal(3, HermeticLockFile.Parse("/r/hermetic.lock.json", Utf8(HermeticLock)).Entries.Count);
        Assert.Equal("10.0.100", GlobalJson.Parse("/r/global.json", Utf8(GlobalJsonText)).SdkVersion);
        Assert.NotEmpty(NuGetConfigFile.Parse("/r/nuget.config", NuGetConfigText).Entries);
        var (manifest, envelope, _, _) = Signed();
        Assert.NotEmpty(BuildManifest.Parse("/r/app.hermetic.json", manifest).Outputs);
        Assert.Equal(Dsse.InTotoPayloadType, Dsse.Parse("/r/app.hermetic.json.intoto.json", envelope).PayloadType);
    }

    /// <summary>The inputs the fuzzing found, each refused with an input error naming its file.</summary>
    [Fact]
    public void What_the_fuzzing_found_is_refused_naming_the_file()
    {
        static void Refused(string file, Action read) => Assert.Equal(file, Assert.Throws<HermeticInputException>(read).Location.File);

        // A lone surrogate, and bytes that are not UTF-8, inside a string.
        Refused("/r/hermetic.lock.json", () => HermeticLockFile.Parse("/r/hermetic.lock.json", Utf8(HermeticLock.Replace("\"sdk\"", "\"\\ud800\"", StringComparison.Ordinal))));
        Refused("/r/packages.lock.json", () => PackagesLockFile.Parse("/r/packages.lock.json", [.. Utf8("{\"version\":1,\"dependencies\":{\"net10.0\":{\"A\":{\"type\":\""), 0xFF, .. Utf8("\"}}}}")]));
        // A package, or a dependency, listed twice (JSON keeps both; the second differs only in case).
        Refused("/r/packages.lock.json", () => PackagesLockFile.Parse("/r/packages.lock.json",
            Utf8(PackagesLock.Replace("\"Other.Package\": \"2.0.0\" }", "\"Other.Package\": \"2.0.0\", \"other.package\": \"3.0.0\" }", StringComparison.Ordinal))));
        Refused("/r/packages.lock.json", () => PackagesLockFile.Parse("/r/packages.lock.json",
            Utf8(PackagesLock.Replace("\"Lib\": {", "\"some.package\": { \"type\": \"Direct\", \"resolved\": \"1.0.0\", \"contentHash\": \"x\" }, \"Lib\": {", StringComparison.Ordinal))));
        // A statement whose _type is a number; a stamp with a lone surrogate.
        Refused("/r/e.json", () => Provenance.Subjects("/r/e.json", Utf8("{\"_type\":1,\"predicateType\":{},\"subject\":[]}"), out _));
        var stamp = _temp.Write("bad.hermetic-generate.json", Encoding.UTF8.GetString(Stamp).Replace("\"Api\"", "\"\\udc00\"", StringComparison.Ordinal));
        Refused(stamp, () => GenerateStamp.Read(stamp));
    }

    [Fact]
    public void A_packages_lock_json_is_read_or_refused() =>
        ReadsOrRefuses(Inputs(Utf8(PackagesLock)), bytes => PackagesLockFile.Parse("/r/packages.lock.json", bytes));

    [Fact]
    public void A_hermetic_lock_json_is_read_or_refused() =>
        ReadsOrRefuses(Inputs(Utf8(HermeticLock)), bytes => HermeticLockFile.Parse("/r/hermetic.lock.json", bytes));

    [Fact]
    public void A_global_json_is_read_or_refused() =>
        ReadsOrRefuses(Inputs(Utf8(GlobalJsonText)), bytes => GlobalJson.Parse("/r/global.json", bytes));

    [Fact]
    public void A_nuget_config_is_read_or_refused()
    {
        var seed = Utf8(NuGetConfigText);
        var truncated = Gen.Choose(0, seed.Length).Select(n => seed[..n]);
        var xmlNoise = Gen.Zip(Gen.Choose(0, seed.Length), Gen.Elements("<", ">", "&", "&#0;", "]]>", "<!DOCTYPE x [<!ENTITY e \"e\">]>", "<!--", "\"", "'", "=", "\u0000", "</configuration>", "<clear/>", "<add key=\"k\" />"))
            .Select(t => Utf8(NuGetConfigText.Insert(Math.Min(t.Item1, NuGetConfigText.Length), t.Item2)));
        ReadsOrRefuses(Gen.OneOf(AnyBytes(), truncated, xmlNoise, xmlNoise), bytes => NuGetConfigFile.Parse("/r/nuget.config", Encoding.UTF8.GetString(bytes)));
    }

    [Fact]
    public void A_generator_stamp_is_read_or_refused()
    {
        var path = _temp.Combine("app.hermetic-generate.json");
        ReadsOrRefuses(Inputs(Stamp), bytes =>
        {
            File.WriteAllBytes(path, bytes);
            GenerateStamp.Read(path);
        });
    }

    [Fact]
    public void A_manifest_or_baseline_is_read_or_refused()
    {
        var (manifest, _, _, _) = Signed();
        var path = _temp.Combine("baseline/app.hermetic.json");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        ReadsOrRefuses(Inputs(manifest), bytes =>
        {
            BuildManifest.Parse(path, bytes).ToCanonicalBytes();
            File.WriteAllBytes(path, bytes);
            BaselineManifest.Read(path);
        });
    }

    [Fact]
    public void A_DSSE_envelope_and_its_statement_are_read_or_refused()
    {
        var (_, envelope, _, _) = Signed();
        var statement = Dsse.Parse("/r/e.json", envelope).Payload;
        ReadsOrRefuses(Inputs(envelope), bytes => Dsse.Parse("/r/app.hermetic.json.intoto.json", bytes));
        ReadsOrRefuses(Inputs(statement), bytes => Provenance.Subjects("/r/app.hermetic.json.intoto.json", bytes, out _));
    }

    /// <summary>HermeticVerifyManifest reads a manifest and its envelope from wherever they came from:
    /// a hostile pair gives problems (HB5002), never an exception.</summary>
    [Fact]
    public void Verifying_a_hostile_manifest_or_envelope_gives_problems_not_exceptions()
    {
        var (manifest, envelope, publicPem, privatePem) = Signed();
        using var key = SigningKey.LoadPublic(publicPem, "key.pem");
        using var signer = SigningKey.LoadPrivate(privatePem, "signing.pem");
        var directory = _temp.Combine("verify");
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "app.dll"), "binary");
        var manifestPath = Path.Combine(directory, "app.hermetic.json");
        var statement = Dsse.Parse("/r/e.json", envelope).Payload;
        // The statement mutated and signed again, so that the verifier reads past the signature into it.
        var resigned = Mutations(statement).Select(payload => Encoding.UTF8.GetBytes(Dsse.ToJson(Dsse.Sign(Dsse.InTotoPayloadType, payload, signer)).ToJsonString()));
        var pairs = Gen.OneOf(
            Inputs(manifest).Select(m => (m, envelope)),
            Inputs(envelope).Select(e => (manifest, e)),
            resigned.Select(e => (manifest, e)));
        Prop.ForAll(Arb.From(pairs), pair =>
            {
                File.WriteAllBytes(manifestPath, pair.Item1);
                File.WriteAllBytes(manifestPath + ".intoto.json", pair.Item2);
                _ = ManifestVerifier.Verify(manifestPath, key, checkFiles: true);
            })
            .Check(Config.QuickThrowOnFailure.WithMaxTest(Tests));
    }

    [Fact]
    public void A_PEM_key_is_read_or_refused()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var seeds = new[] { key.ExportSubjectPublicKeyInfoPem(), key.ExportPkcs8PrivateKeyPem(), other.ExportSubjectPublicKeyInfoPem() }.Select(Utf8).ToArray();
        var truncatedOrFlipped = Gen.OneOf(seeds.Select(s => Mutations(s)));
        ReadsOrRefuses(Gen.OneOf(AnyBytes(), truncatedOrFlipped), bytes =>
        {
            SigningKey.LoadPublic(Encoding.UTF8.GetString(bytes), "key.pem").Dispose();
            SigningKey.LoadPrivate(Encoding.UTF8.GetString(bytes), "key.pem").Dispose();
        });
    }
}
