using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hermetic.Build.EndToEnd.Tests.Infrastructure;

namespace Hermetic.Build.EndToEnd.Tests;

/// <summary>
/// docs/manifest.md end to end: manifests after Build, Pack and Publish, their content checked
/// independently of the product's code (hashes recomputed, canonical form re-derived), two CI
/// clones at different paths, signing and HermeticVerifyManifest.
/// </summary>
public sealed class ManifestTests
{
    /// <summary>The app with a locked package reference (from the repository's feed folder), lock committed.</summary>
    private static TestRepository RepositoryWithLockedPackage(string name, string extraProperties = "")
    {
        var repository = TestRepository.Create(name)
            .WriteFile("app/app.csproj", TestRepository.Project(Activation.SdkElementWithVersion,
                    "<RestorePackagesWithLockFile>true</RestorePackagesWithLockFile>" + extraProperties)
                .Replace("</Project>", "  <ItemGroup>\n    <PackageReference Include=\"Newtonsoft.Json\" Version=\"13.0.3\" />\n  </ItemGroup>\n</Project>", StringComparison.Ordinal))
            .WriteFile("app/Program.cs", "System.Console.WriteLine(Newtonsoft.Json.JsonConvert.SerializeObject(42));\n");
        FixturePackages.CopySignedPackage(Path.Combine(repository.Root, "feed"), "Newtonsoft.Json", "13.0.3");
        var restore = repository.DotNet("restore", repository.AppProject);
        Assert.True(restore.ExitCode == 0, restore.ToString());
        return repository.Commit("Locked package");
    }

    [Fact]
    public void The_build_manifest_lists_the_dll_with_its_true_hash_the_locked_package_and_the_commit()
    {
        var repository = RepositoryWithLockedPackage("manifest-build");

        AssertBuild.Succeeds(repository.Build("-c", "Release"));

        var bin = Path.Combine(repository.Root, "app", "bin", "Release", "net10.0");
        var bytes = File.ReadAllBytes(Path.Combine(bin, "app.hermetic.json"));
        var manifest = JsonNode.Parse(bytes)!.AsObject();
        AssertCanonical(bytes);
        Assert.Equal("hermetic-build/manifest/v1", (string?)manifest["schema"]);
        Assert.Equal("app/app.csproj", (string?)manifest["project"]);
        Assert.Equal("net10.0", (string?)manifest["targetFramework"]);
        Assert.Equal("Release", (string?)manifest["configuration"]);
        Assert.Equal(TestRun.SdkVersion, (string?)manifest["toolchain"]!["sdk"]);
        Assert.False(string.IsNullOrEmpty((string?)manifest["toolchain"]!["msbuild"]));
        Assert.Equal(repository.Git("rev-parse", "HEAD").Output.Trim(), (string?)manifest["source"]!["commit"]);
        Assert.False((bool)manifest["source"]!["dirty"]!);

        var outputs = manifest["outputs"]!.AsArray();
        var paths = outputs.Select(o => (string)o!["path"]!).ToList();
        Assert.Equal(paths.OrderBy(p => p, StringComparer.Ordinal), paths);
        foreach (var file in new[] { "app.dll", "app.pdb", "app.deps.json", "app.runtimeconfig.json", "Newtonsoft.Json.dll" })
        {
            var output = outputs.Single(o => (string?)o!["path"] == file)!;
            var content = File.ReadAllBytes(Path.Combine(bin, file));
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(content)), (string?)output["sha256"]);
            Assert.Equal(content.Length, (long)output["size"]!);
        }

        Assert.DoesNotContain("app.hermetic.json", paths);
        var canonicalOutputs = Encoding.UTF8.GetBytes(Canonical(outputs));
        Assert.Equal("sha256:" + Convert.ToHexStringLower(SHA256.HashData(canonicalOutputs)), (string?)manifest["digest"]);

        var lockPath = Path.Combine(repository.Root, "app", "packages.lock.json");
        var lockFile = JsonNode.Parse(File.ReadAllText(lockPath))!;
        Assert.Equal("app/packages.lock.json", (string?)manifest["inputs"]!["lockFile"]!["path"]);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(lockPath))), (string?)manifest["inputs"]!["lockFile"]!["sha256"]);
        var package = Assert.Single(manifest["inputs"]!["packages"]!.AsArray())!;
        Assert.Equal("Newtonsoft.Json", (string?)package["id"]);
        Assert.Equal("13.0.3", (string?)package["version"]);
        Assert.Equal((string?)lockFile["dependencies"]!["net10.0"]!["Newtonsoft.Json"]!["contentHash"], (string?)package["contentHash"]);

        var text = Encoding.UTF8.GetString(bytes);
        Assert.DoesNotContain(repository.Root, text, StringComparison.Ordinal);
        Assert.DoesNotContain(Path.GetFileName(repository.Root), text, StringComparison.Ordinal);
        Assert.DoesNotContain(Environment.UserName, text.Replace("\"Release\"", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void A_no_op_build_skips_the_manifest_and_a_new_commit_or_a_local_edit_rewrites_it()
    {
        var repository = TestRepository.Create("manifest-incremental");
        AssertBuild.Succeeds(repository.Build());
        // The first restore wrote packages.lock.json; from the next restore on, restore is locked
        // (a changed restore setting, so NuGet restores once more): commit the lock, build once more.
        repository.Commit("Lock");
        AssertBuild.Succeeds(repository.Build());
        var manifestPath = Path.Combine(repository.Root, "app", "bin", "Debug", "net10.0", "app.hermetic.json");
        var first = File.ReadAllText(manifestPath);

        var noOp = repository.Build("-v:d");
        AssertBuild.Succeeds(noOp);
        Assert.Contains("Skipping target \"HermeticWriteBuildManifest\" because all output files are up-to-date", noOp.Output, StringComparison.Ordinal);
        Assert.Equal(first, File.ReadAllText(manifestPath));

        Thread.Sleep(1100); // one-second timestamps
        repository.WriteFile("app/Program.cs", "System.Console.WriteLine(\"Edited.\");\n");
        AssertBuild.Succeeds(repository.Build());
        var edited = JsonNode.Parse(File.ReadAllText(manifestPath))!;
        Assert.True((bool)edited["source"]!["dirty"]!);
        Assert.NotEqual(JsonNode.Parse(first)!["digest"]!.ToJsonString(), edited["digest"]!.ToJsonString());

        repository.Commit("Edit");
        AssertBuild.Succeeds(repository.Build());
        var committed = JsonNode.Parse(File.ReadAllText(manifestPath))!;
        Assert.Equal(repository.Git("rev-parse", "HEAD").Output.Trim(), (string?)committed["source"]!["commit"]);
        Assert.False((bool)committed["source"]!["dirty"]!);
    }

    [Fact]
    public void Two_CI_clones_at_different_paths_write_byte_identical_manifests()
    {
        var origin = RepositoryWithLockedPackage("manifest-repro-origin");
        var checkouts = new[]
        {
            origin.CloneTo(Path.Combine(TestRun.NewDirectory("m"), "c")),
            origin.CloneTo(Path.Combine(TestRun.NewDirectory("manifest-checkout-with-a-longer-path"), "nested", "clone")),
        };

        var manifests = checkouts.Select(checkout =>
        {
            checkout.WithEnvironment("CI", "true");
            AssertBuild.Succeeds(checkout.Build("-c", "Release"));
            return File.ReadAllBytes(Path.Combine(checkout.Root, "app", "bin", "Release", "net10.0", "app.hermetic.json"));
        }).ToArray();

        Assert.Equal(Encoding.UTF8.GetString(manifests[0]), Encoding.UTF8.GetString(manifests[1]));
        Assert.DoesNotContain("manifest-checkout-with-a-longer-path", Encoding.UTF8.GetString(manifests[1]), StringComparison.Ordinal);
    }

    [Fact]
    public void Pack_and_publish_write_their_manifests()
    {
        var repository = RepositoryWithLockedPackage("manifest-pack");

        AssertBuild.Succeeds(repository.DotNet("pack", repository.AppProject, "-c", "Release", "-p:IncludeSymbols=true", "-p:SymbolPackageFormat=snupkg"));
        AssertBuild.Succeeds(repository.DotNet("publish", repository.AppProject, "-c", "Release"));

        var packageFolder = Path.Combine(repository.Root, "app", "bin", "Release");
        foreach (var package in new[] { "app.1.0.0.nupkg", "app.1.0.0.snupkg" })
        {
            var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(packageFolder, package + ".hermetic.json")))!;
            var output = Assert.Single(manifest["outputs"]!.AsArray())!;
            Assert.Equal(package, (string?)output["path"]);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(packageFolder, package)))), (string?)output["sha256"]);
            Assert.Equal("Newtonsoft.Json", (string?)manifest["inputs"]!["packages"]![0]!["id"]);
        }

        var publishDir = Path.Combine(packageFolder, "net10.0", "publish");
        var published = JsonNode.Parse(File.ReadAllText(Path.Combine(publishDir, "hermetic.json")))!;
        var paths = published["outputs"]!.AsArray().Select(o => (string)o!["path"]!).ToList();
        Assert.Contains("app.dll", paths);
        Assert.Contains("Newtonsoft.Json.dll", paths);
        Assert.DoesNotContain("hermetic.json", paths);
        var dll = published["outputs"]!.AsArray().Single(o => (string?)o!["path"] == "app.dll")!;
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(publishDir, "app.dll")))), (string?)dll["sha256"]);

        // The build manifest of the same folder tree does not list the publish folder.
        var built = JsonNode.Parse(File.ReadAllText(Path.Combine(packageFolder, "net10.0", "app.hermetic.json")))!;
        Assert.DoesNotContain(built["outputs"]!.AsArray(), o => ((string)o!["path"]!).StartsWith("publish/", StringComparison.Ordinal));
    }

    [Fact]
    public void A_signed_build_writes_an_envelope_that_openssl_and_HermeticVerifyManifest_verify()
    {
        var repository = TestRepository.Create("manifest-signed");
        var keys = TestRun.NewDirectory("manifest-keys");
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var privatePem = Path.Combine(keys, "signing.pem");
        var publicPem = Path.Combine(keys, "signing.pub.pem");
        File.WriteAllText(privatePem, key.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(publicPem, key.ExportSubjectPublicKeyInfoPem());

        // The key's PEM text in the environment, as a CI secret usually arrives.
        repository.WithEnvironment("HermeticSigningKey", key.ExportPkcs8PrivateKeyPem());
        var build = repository.Build("-v:diag");
        AssertBuild.Succeeds(build);
        var secretLine = key.ExportPkcs8PrivateKeyPem().Split('\n')[1];
        Assert.DoesNotContain(secretLine, build.Output, StringComparison.Ordinal);

        var bin = Path.Combine(repository.Root, "app", "bin", "Debug", "net10.0");
        var envelopePath = Path.Combine(bin, "app.hermetic.json.intoto.json");
        var envelope = JsonNode.Parse(File.ReadAllText(envelopePath))!;
        Assert.Equal("application/vnd.in-toto+json", (string?)envelope["payloadType"]);
        var payload = Convert.FromBase64String((string)envelope["payload"]!);
        var statement = JsonNode.Parse(payload)!;
        var dllHash = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(bin, "app.dll"))));
        Assert.Contains(statement["subject"]!.AsArray(), s => (string?)s!["name"] == "app.dll" && (string?)s["digest"]!["sha256"] == dllHash);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo())), (string?)envelope["signatures"]![0]!["keyid"]);

        // openssl, with the DSSE pre-authentication encoding built here, independently.
        var type = Encoding.UTF8.GetBytes((string)envelope["payloadType"]!);
        var pae = Encoding.UTF8.GetBytes($"DSSEv1 {type.Length} ").Concat(type).Concat(Encoding.UTF8.GetBytes($" {payload.Length} ")).Concat(payload).ToArray();
        File.WriteAllBytes(Path.Combine(keys, "pae.bin"), pae);
        File.WriteAllBytes(Path.Combine(keys, "sig.der"), Convert.FromBase64String((string)envelope["signatures"]![0]!["sig"]!));
        var openssl = repository.Run("openssl", "dgst", "-sha256", "-verify", publicPem, "-signature", Path.Combine(keys, "sig.der"), Path.Combine(keys, "pae.bin"));
        Assert.True(openssl.ExitCode == 0, openssl.ToString());

        // The documented way to verify, then the same after an output was replaced.
        repository.WithEnvironment("HermeticSigningKey", null);
        AssertBuild.Succeeds(repository.DotNet("msbuild", repository.AppProject, "-t:HermeticVerifyManifest", $"-p:HermeticVerifyPublicKey={publicPem}"));
        File.AppendAllText(Path.Combine(bin, "app.dll"), "tampered");
        var tampered = repository.DotNet("msbuild", repository.AppProject, "-t:HermeticVerifyManifest", $"-p:HermeticVerifyPublicKey={publicPem}");
        AssertBuild.NamesFile(AssertBuild.FailsWith(tampered, "HB5002"), Path.Combine(bin, "app.hermetic.json"));
    }

    [Fact]
    public void A_relative_signing_key_is_resolved_from_HermeticRoot_and_a_missing_one_names_the_path_tried()
    {
        var repository = TestRepository.Create("manifest-key-relative");
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        repository.WriteFile("keys/signing.pem", key.ExportPkcs8PrivateKeyPem());

        // Built from the project's folder: the path is still the repository's keys/signing.pem.
        AssertBuild.Succeeds(repository.Build("-p:HermeticSigningKey=keys/signing.pem"));
        Assert.True(File.Exists(Path.Combine(repository.Root, "app", "bin", "Debug", "net10.0", "app.hermetic.json.intoto.json")));

        var error = AssertBuild.FailsWith(repository.Build("-p:HermeticSigningKey=keys/missing.pem"), "HB0001");
        var tried = Path.Combine(repository.Root, "keys", "missing.pem");
        Assert.Contains(tried, error.Message, StringComparison.Ordinal);
        AssertBuild.NamesFile(error, tried);
    }

    [Fact]
    public void A_solution_built_in_parallel_writes_one_manifest_per_project_and_framework()
    {
        var repository = TestRepository.Create("manifest-solution")
            .WriteFile("app/app.csproj", TestRepository.Project(Activation.SdkElementWithVersion, targetFramework: "<TargetFrameworks>net10.0</TargetFrameworks>")
                .Replace("</Project>", "  <ItemGroup>\n    <ProjectReference Include=\"../lib/lib.csproj\" />\n  </ItemGroup>\n</Project>", StringComparison.Ordinal))
            .WriteFile("lib/lib.csproj", TestRepository.Project(Activation.SdkElementWithVersion).Replace("<OutputType>Exe</OutputType>", "<OutputType>Library</OutputType>", StringComparison.Ordinal))
            .WriteFile("lib/Class1.cs", "namespace Lib; public static class Class1 { public static int Answer => 42; }\n")
            .WriteFile("all.slnx", "<Solution>\n  <Project Path=\"app/app.csproj\" />\n  <Project Path=\"lib/lib.csproj\" />\n</Solution>\n")
            .Commit("Solution");

        AssertBuild.Succeeds(repository.DotNet("build", "all.slnx", "-m"));

        var app = JsonNode.Parse(File.ReadAllText(Path.Combine(repository.Root, "app", "bin", "Debug", "net10.0", "app.hermetic.json")))!;
        var lib = JsonNode.Parse(File.ReadAllText(Path.Combine(repository.Root, "lib", "bin", "Debug", "net10.0", "lib.hermetic.json")))!;
        Assert.Contains(app["outputs"]!.AsArray(), o => (string?)o!["path"] == "lib.dll");
        Assert.Equal("lib/lib.csproj", (string?)lib["project"]);
        // Lock files are on for every project (the locks concern), even one without packages.
        Assert.Equal("lib/packages.lock.json", (string?)lib["inputs"]!["lockFile"]!["path"]);
        Assert.Empty(Directory.GetFiles(Path.Combine(repository.Root, "app", "bin", "Debug"), "*.hermetic.json")); // none from the outer build
    }

    [Fact]
    public void Every_project_of_a_parallel_build_records_the_dirty_flag_decided_once_for_the_build()
    {
        // lib writes a file git does not ignore once its manifest is written; app, built after it
        // (it references lib), on whichever node, must still record the state the build decided first.
        var writeAfterManifest = "  <Target Name=\"WriteIntoTheTree\" AfterTargets=\"HermeticWriteBuildManifest\">\n"
            + "    <WriteLinesToFile File=\"$(MSBuildThisFileDirectory)../written-by-the-build.txt\" Lines=\"$(MSBuildProjectName)\" Overwrite=\"true\" />\n"
            + "  </Target>\n</Project>";
        var repository = TestRepository.Create("manifest-dirty-once")
            .WriteFile("app/app.csproj", TestRepository.Project(Activation.SdkElementWithVersion)
                .Replace("</Project>", "  <ItemGroup>\n    <ProjectReference Include=\"../lib/lib.csproj\" />\n  </ItemGroup>\n</Project>", StringComparison.Ordinal))
            .WriteFile("lib/lib.csproj", TestRepository.Project(Activation.SdkElementWithVersion)
                .Replace("<OutputType>Exe</OutputType>", "<OutputType>Library</OutputType>", StringComparison.Ordinal)
                .Replace("</Project>", writeAfterManifest, StringComparison.Ordinal))
            .WriteFile("lib/Class1.cs", "namespace Lib; public static class Class1 { public static int Answer => 42; }\n")
            .WriteFile("all.slnx", "<Solution>\n  <Project Path=\"app/app.csproj\" />\n  <Project Path=\"lib/lib.csproj\" />\n</Solution>\n")
            .WriteFile("hermetic.lock.json", TestRepository.HermeticLockJson("app/app.csproj", "lib/lib.csproj"))
            .Commit("Solution");
        AssertBuild.Succeeds(repository.DotNet("restore", "all.slnx")); // the locks, committed: the tree is clean
        repository.Commit("Locks");

        AssertBuild.Succeeds(repository.DotNet("build", "all.slnx", "-m", "--no-restore"));

        Assert.True(File.Exists(Path.Combine(repository.Root, "written-by-the-build.txt")));
        var app = JsonNode.Parse(File.ReadAllText(Path.Combine(repository.Root, "app", "bin", "Debug", "net10.0", "app.hermetic.json")))!;
        var lib = JsonNode.Parse(File.ReadAllText(Path.Combine(repository.Root, "lib", "bin", "Debug", "net10.0", "lib.hermetic.json")))!;
        Assert.False((bool)lib["source"]!["dirty"]!);
        Assert.False((bool)app["source"]!["dirty"]!);

        // The next build starts dirty (the file is there from the start): every project says so.
        File.Delete(Path.Combine(repository.Root, "lib", "bin", "Debug", "net10.0", "lib.hermetic.json"));
        File.Delete(Path.Combine(repository.Root, "app", "bin", "Debug", "net10.0", "app.hermetic.json"));
        AssertBuild.Succeeds(repository.DotNet("build", "all.slnx", "-m", "--no-restore"));
        Assert.True((bool)JsonNode.Parse(File.ReadAllText(Path.Combine(repository.Root, "app", "bin", "Debug", "net10.0", "app.hermetic.json")))!["source"]!["dirty"]!);
        Assert.True((bool)JsonNode.Parse(File.ReadAllText(Path.Combine(repository.Root, "lib", "bin", "Debug", "net10.0", "lib.hermetic.json")))!["source"]!["dirty"]!);
    }

    [Fact]
    public void With_HermeticMode_Off_no_manifest_is_written()
    {
        var repository = TestRepository.Create("manifest-off");

        var result = repository.Build("-p:HermeticMode=Off");

        Assert.Equal(0, result.ExitCode);
        Assert.False(File.Exists(Path.Combine(repository.Root, "app", "bin", "Debug", "net10.0", "app.hermetic.json")));
    }

    /// <summary>RFC 8785 for this ASCII content, re-derived here: members sorted by UTF-16 code units, no whitespace.</summary>
    private static void AssertCanonical(byte[] bytes)
    {
        Assert.Equal(Canonical(JsonNode.Parse(bytes)), Encoding.UTF8.GetString(bytes));
    }

    private static string Canonical(JsonNode? node)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            Sorted(node).WriteTo(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static JsonNode Sorted(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => KeyValuePair.Create(m.Key, m.Value is null ? null : (JsonNode?)Sorted(m.Value)))),
        JsonArray array => new JsonArray(array.Select(i => i is null ? null : (JsonNode?)Sorted(i)).ToArray()),
        null => JsonValue.Create((string?)null)!,
        _ => node.DeepClone(),
    };
}
