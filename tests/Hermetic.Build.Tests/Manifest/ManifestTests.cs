using System.Security.Cryptography;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Hermetic.Build.Core;
using Hermetic.Build.Manifest;
using Hermetic.Build.Tests.TestSupport;
using Microsoft.Build.Utilities;

namespace Hermetic.Build.Tests.Manifest;

/// <summary>The manifest model, its reader, and the task that writes it (docs/manifest.md).</summary>
public sealed class ManifestTests
{
    private static readonly string LockJson = """
        {
          "version": 2,
          "dependencies": {
            "net10.0": {
              "Zeta.Lib": { "type": "Direct", "requested": "[1.0.0, )", "resolved": "1.0.0", "contentHash": "AAAA" },
              "alpha.lib": { "type": "Transitive", "resolved": "2.0.0", "contentHash": "BBBB" },
              "Sibling": { "type": "Project" }
            },
            "net10.0/linux-x64": {
              "alpha.lib": { "type": "Transitive", "resolved": "2.0.0", "contentHash": "BBBB" }
            },
            "net9.0": {
              "Only.Net9": { "type": "Direct", "requested": "[3.0.0, )", "resolved": "3.0.0", "contentHash": "CCCC" }
            }
          }
        }
        """;

    private static BuildManifest Sample(params ManifestOutput[] outputs) => new(
        "src/app/app.csproj", "net10.0", "Release", new ManifestToolchain("10.0.401", "18.9.11"), new ManifestSource(new string('a', 40), false),
        new ManifestLockFile("src/app/packages.lock.json", new string('b', 64)), [new ManifestPackage("Zeta", "1.0.0", "AAAA"), new ManifestPackage("alpha", "2.0.0", "BBBB")],
        outputs.Length > 0 ? outputs : [new ManifestOutput("b.dll", new string('1', 64), 10), new ManifestOutput("a.pdb", new string('2', 64), 0)]);

    [Fact]
    public void The_manifest_has_exactly_the_contract_fields_in_canonical_form()
    {
        var text = Encoding.UTF8.GetString(Sample().ToCanonicalBytes());

        var expectedOutputs = "[{\"path\":\"a.pdb\",\"sha256\":\"" + new string('2', 64) + "\",\"size\":0},{\"path\":\"b.dll\",\"sha256\":\"" + new string('1', 64) + "\",\"size\":10}]";
        var digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(expectedOutputs)));
        Assert.Equal(
            "{\"configuration\":\"Release\",\"digest\":\"" + digest + "\","
            + "\"inputs\":{\"lockFile\":{\"path\":\"src/app/packages.lock.json\",\"sha256\":\"" + new string('b', 64) + "\"},"
            + "\"packages\":[{\"contentHash\":\"BBBB\",\"id\":\"alpha\",\"version\":\"2.0.0\"},{\"contentHash\":\"AAAA\",\"id\":\"Zeta\",\"version\":\"1.0.0\"}]},"
            + "\"outputs\":" + expectedOutputs + ","
            + "\"project\":\"src/app/app.csproj\",\"schema\":\"hermetic-build/manifest/v1\","
            + "\"source\":{\"commit\":\"" + new string('a', 40) + "\",\"dirty\":false},"
            + "\"targetFramework\":\"net10.0\",\"toolchain\":{\"msbuild\":\"18.9.11\",\"sdk\":\"10.0.401\"}}",
            text);
    }

    [Fact]
    public void A_missing_commit_and_lock_file_are_null()
    {
        var manifest = new BuildManifest("app.csproj", "net10.0", "Debug", new ManifestToolchain("1", "2"), new ManifestSource(null, true), null, [], []);

        var text = manifest.ToString();

        Assert.Contains("\"source\":{\"commit\":null,\"dirty\":true}", text, StringComparison.Ordinal);
        Assert.Contains("\"inputs\":{\"lockFile\":null,\"packages\":[]}", text, StringComparison.Ordinal);
        Assert.Equal(text, BuildManifest.Parse("m.json", manifest.ToCanonicalBytes()).ToString());
    }

    [Fact]
    public void Any_manifest_read_back_and_written_again_is_byte_identical()
    {
        Prop.ForAll(Arb.From(ManifestGenerator()), manifest =>
            {
                var bytes = manifest.ToCanonicalBytes();
                var again = BuildManifest.Parse("generated.hermetic.json", bytes).ToCanonicalBytes();
                return bytes.AsSpan().SequenceEqual(again) && bytes.AsSpan().SequenceEqual(CanonicalJson.Canonicalize(bytes));
            })
            .Check(Config.QuickThrowOnFailure.WithMaxTest(100));
    }

    [Theory]
    [InlineData("\"schema\":\"hermetic-build/manifest/v1\"", "\"schema\":\"hermetic-build/manifest/v2\"", "v2")]
    [InlineData("\"size\":10", "\"size\":10.5", "\"size\" must be a non-negative integer")]
    [InlineData("\"size\":10", "\"size\":-1", "\"size\" must be a non-negative integer")]
    [InlineData("\"dirty\":false", "\"dirty\":\"no\"", "\"dirty\" must be true or false")]
    [InlineData("\"configuration\":\"Release\",", "\"configuration\":\"Release\",\"extra\":1,", "\"extra\"")]
    [InlineData("\"project\":\"src/app/app.csproj\"", "\"project\":1", "\"project\" must be a string")]
    [InlineData("\"path\":\"b.dll\"", "\"path\":\"/abs/b.dll\"", "relative path")]
    [InlineData("\"path\":\"b.dll\"", "\"path\":\"a.pdb\"", "twice")]
    public void The_reader_refuses_what_the_schema_does_not_allow(string original, string replacement, string expectedReason)
    {
        var text = Sample().ToString().Replace(original, replacement, StringComparison.Ordinal);
        Assert.NotEqual(Sample().ToString(), text);

        var error = Assert.Throws<HermeticInputException>(() => BuildManifest.Parse("x.hermetic.json", Encoding.UTF8.GetBytes(text)));

        Assert.Contains(expectedReason, error.Message, StringComparison.Ordinal);
        Assert.Equal("x.hermetic.json", error.Location.File);
    }

    [Fact]
    public void The_reader_refuses_a_digest_that_does_not_match_the_outputs()
    {
        var text = Sample().ToString().Replace("\"size\":10", "\"size\":11", StringComparison.Ordinal);

        var error = Assert.Throws<HermeticInputException>(() => BuildManifest.Parse("x.hermetic.json", Encoding.UTF8.GetBytes(text)));

        Assert.Contains("\"digest\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_task_lists_outputs_relative_to_the_manifest_with_true_hashes_and_no_absolute_path()
    {
        using var temp = new TempDirectory();
        temp.Write("global.json", "{}");
        var project = temp.Write("src/app/app.csproj", "<Project />");
        var lockFile = temp.Write("src/app/packages.lock.json", LockJson);
        var dll = temp.WriteBytes("src/app/bin/Release/net10.0/app.dll", RandomNumberGenerator.GetBytes(5000));
        var satellite = temp.Write("src/app/bin/Release/net10.0/de/app.resources.dll", "satellite");
        var manifestPath = temp.Combine("src/app/bin/Release/net10.0/app.hermetic.json");
        var engine = new FakeBuildEngine();

        var task = WriteTask(engine, temp, project, manifestPath, lockFile, dll, satellite, dll, manifestPath);

        Assert.True(task.Execute(), string.Join(Environment.NewLine, engine.Diagnostics));
        var bytes = File.ReadAllBytes(manifestPath);
        var manifest = BuildManifest.Parse(manifestPath, bytes);
        Assert.Equal("src/app/app.csproj", manifest.Project);
        Assert.Equal(["app.dll", "de/app.resources.dll"], manifest.Outputs.Select(o => o.Path));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(dll))), manifest.Outputs[0].Sha256);
        Assert.Equal(5000, manifest.Outputs[0].Size);
        Assert.Equal(new ManifestLockFile("src/app/packages.lock.json", Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(lockFile)))), manifest.LockFile);
        // This framework's packages only (the RID-specific target is the same framework), projects left out, sorted by id.
        Assert.Equal([new ManifestPackage("alpha.lib", "2.0.0", "BBBB"), new ManifestPackage("Zeta.Lib", "1.0.0", "AAAA")], manifest.Packages);
        Assert.DoesNotContain(temp.Path, Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        Assert.False(File.Exists(manifestPath + ".intoto.json"));
    }

    [Fact]
    public void A_lock_without_the_framework_lists_every_package_and_no_lock_file_gives_null()
    {
        using var temp = new TempDirectory();
        var project = temp.Write("app.csproj", "<Project />");
        var lockFile = temp.Write("packages.lock.json", LockJson);
        var dll = temp.Write("bin/app.dll", "x");
        var engine = new FakeBuildEngine();

        var withLock = WriteTask(engine, temp, project, temp.Combine("bin/app.hermetic.json"), lockFile, dll);
        withLock.LockTargetFramework = "net8.0";
        Assert.True(withLock.Execute());
        Assert.Equal(["alpha.lib", "Only.Net9", "Zeta.Lib"], BuildManifest.Load(temp.Combine("bin/app.hermetic.json")).Packages.Select(p => p.Id));

        var withoutLock = WriteTask(engine, temp, project, temp.Combine("bin/other.hermetic.json"), temp.Combine("none/packages.lock.json"), dll);
        Assert.True(withoutLock.Execute());
        var manifest = BuildManifest.Load(temp.Combine("bin/other.hermetic.json"));
        Assert.Null(manifest.LockFile);
        Assert.Empty(manifest.Packages);
    }

    [Fact]
    public void Unchanged_outputs_are_not_hashed_again()
    {
        using var temp = new TempDirectory();
        var project = temp.Write("app.csproj", "<Project />");
        var dll = temp.Write("bin/app.dll", "content");
        var cache = temp.Combine("obj/hermetic.manifest.hashes");
        var manifestPath = temp.Combine("bin/app.hermetic.json");
        var first = WriteTask(new FakeBuildEngine(), temp, project, manifestPath, null, dll);
        first.HashCacheFile = cache;
        Assert.True(first.Execute());
        Assert.Contains(FileHash.Sha256Hex(dll), File.ReadAllText(cache), StringComparison.Ordinal);

        // A hash the file cannot have, remembered for its exact size and write time: a second run
        // that used it did not read the file.
        var remembered = new string('f', 64);
        File.WriteAllText(cache, File.ReadAllText(cache).Replace(FileHash.Sha256Hex(dll), remembered, StringComparison.Ordinal));
        var second = WriteTask(new FakeBuildEngine(), temp, project, manifestPath, null, dll);
        second.HashCacheFile = cache;
        Assert.True(second.Execute());
        Assert.Equal(remembered, BuildManifest.Load(manifestPath).Outputs.Single().Sha256);

        // A changed file (new write time) is hashed again.
        File.WriteAllText(dll, "changed");
        File.SetLastWriteTimeUtc(dll, DateTime.UtcNow.AddMinutes(1));
        var third = WriteTask(new FakeBuildEngine(), temp, project, manifestPath, null, dll);
        third.HashCacheFile = cache;
        Assert.True(third.Execute());
        Assert.Equal(FileHash.Sha256Hex(dll), BuildManifest.Load(manifestPath).Outputs.Single().Sha256);
    }

    [Fact]
    public void An_unchanged_manifest_is_not_rewritten()
    {
        using var temp = new TempDirectory();
        var project = temp.Write("app.csproj", "<Project />");
        var dll = temp.Write("bin/app.dll", "content");
        var manifestPath = temp.Combine("bin/app.hermetic.json");
        Assert.True(WriteTask(new FakeBuildEngine(), temp, project, manifestPath, null, dll).Execute());
        var written = File.GetLastWriteTimeUtc(manifestPath);
        File.SetLastWriteTimeUtc(manifestPath, written.AddHours(-1));

        Assert.True(WriteTask(new FakeBuildEngine(), temp, project, manifestPath, null, dll).Execute());

        Assert.Equal(written.AddHours(-1), File.GetLastWriteTimeUtc(manifestPath));
    }

    [Fact]
    public void A_malformed_lock_file_fails_closed_with_HB0001_naming_it()
    {
        using var temp = new TempDirectory();
        var project = temp.Write("app.csproj", "<Project />");
        var lockFile = temp.Write("packages.lock.json", "{ \"version\": 2, \"dependencies\": [ }");
        var dll = temp.Write("bin/app.dll", "x");
        var engine = new FakeBuildEngine();

        Assert.False(WriteTask(engine, temp, project, temp.Combine("bin/app.hermetic.json"), lockFile, dll).Execute());

        var error = Assert.Single(engine.Errors);
        Assert.Equal("HB0001", error.Code);
        Assert.Equal(lockFile, error.File);
        Assert.False(File.Exists(temp.Combine("bin/app.hermetic.json")));
    }

    [Fact]
    public void Concurrent_writers_of_one_manifest_never_leave_a_torn_file()
    {
        using var temp = new TempDirectory();
        var project = temp.Write("app.csproj", "<Project />");
        var outputs = Enumerable.Range(0, 20).Select(i => temp.Write($"bin/f{i}.dll", new string('x', 1000 * i))).ToArray();
        var manifestPath = temp.Combine("bin/app.hermetic.json");
        var engines = Enumerable.Range(0, 8).Select(_ => new FakeBuildEngine()).ToArray();

        Parallel.For(0, 8, i => Assert.True(WriteTask(engines[i], temp, project, manifestPath, null, outputs).Execute()));

        Assert.Equal(20, BuildManifest.Load(manifestPath).Outputs.Count);
        Assert.Single(Directory.GetFiles(temp.Combine("bin"), "*.json*")); // no temporary file left behind
    }

    internal static WriteBuildManifest WriteTask(FakeBuildEngine engine, TempDirectory temp, string project, string manifestPath, string? lockFile, params string[] outputs) => new()
    {
        BuildEngine = engine,
        ManifestPath = manifestPath,
        RepositoryRoot = temp.Path,
        ProjectFile = project,
        TargetFramework = "net10.0",
        LockTargetFramework = "net10.0",
        Configuration = "Release",
        SdkVersion = "10.0.401",
        MSBuildVersion = "18.9.11",
        SourceRevisionId = new string('c', 40),
        LockFile = lockFile,
        Outputs = outputs.Select(o => (Microsoft.Build.Framework.ITaskItem)new TaskItem(o)).ToArray(),
    };

    private static Gen<BuildManifest> ManifestGenerator()
    {
        var text = JsonGenerators.Text().Where(s => s.Length > 0);
        var path = text.Select(s => s.Replace('\\', '_').TrimStart('/')).Where(s => s.Length > 0 && BuildManifest.IsPortableRelativePath(s));
        var sha256 = Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), 32).Select(Convert.ToHexStringLower);
        var output =
            from p in path
            from h in sha256
            from size in Gen.Choose(0, int.MaxValue)
            select new ManifestOutput(p, h, (long)size * 3);
        var outputs = output.ListOf().Select(list => list.GroupBy(o => o.Path, StringComparer.Ordinal).Select(g => g.First()).ToList());
        var package =
            from id in text
            from version in text
            from hash in text
            select new ManifestPackage(id, version, hash);
        var lockFile = Gen.OneOf(
            Gen.Constant<ManifestLockFile?>(null),
            from p in path
            from h in sha256
            select (ManifestLockFile?)new ManifestLockFile(p, h));
        var commit = Gen.OneOf(Gen.Constant<string?>(null), Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), 20).Select(b => (string?)Convert.ToHexStringLower(b)));
        return
            from project in text
            from framework in text
            from configuration in text
            from sdk in text
            from msbuild in text
            from c in commit
            from dirty in ArbMap.Default.GeneratorFor<bool>()
            from l in lockFile
            from packages in package.ListOf()
            from o in outputs
            select new BuildManifest(project, framework, configuration, new ManifestToolchain(sdk, msbuild), new ManifestSource(c, dirty), l, packages, o);
    }
}
