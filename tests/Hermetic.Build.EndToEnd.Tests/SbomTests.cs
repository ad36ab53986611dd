using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Hermetic.Build.EndToEnd.Tests.Infrastructure;
using Hermetic.Build.Tests.TestSupport;

namespace Hermetic.Build.EndToEnd.Tests;

/// <summary>
/// The CycloneDX SBOM of pack and publish (docs/sbom.md), on a real-shaped repository: a library
/// targeting net10.0 and netstandard2.0, with a run-time package and its transitive one, a private
/// build-time package with a closure of its own, an analyzer package, a development dependency, the
/// real NETStandard.Library, and a project reference packed as a dependency.
/// </summary>
public sealed class SbomTests
{
    private const string SbomFile = "Acme.Lib.2.0.0.nupkg.cdx.json";

    /// <summary>The run-time components of Acme.Lib's package: what it carries to a consumer (not
    /// NETStandard.Library and its dependency: the SDK references it with PrivateAssets="all").</summary>
    private static readonly string[] RuntimeComponents =
    [
        "pkg:nuget/Acme.Core@1.2.3",
        "pkg:nuget/Sbom.Core.Dep@1.0.0",
        "pkg:nuget/Sbom.Runtime.Lib@1.0.0",
        "pkg:nuget/Sbom.Runtime.Transitive@2.0.0",
    ];

    private static TestRepository RealShapedRepository(string name, string libraryProperties = "")
    {
        var repository = TestRepository.Create(name);
        var feed = Path.Combine(repository.Root, "feed");
        var placeholders = new Dictionary<string, string> { ["lib/net10.0/_._"] = string.Empty, ["lib/netstandard2.0/_._"] = string.Empty };
        FixturePackages.Pack(feed, "Sbom.Runtime.Lib", "1.0.0", placeholders,
            new Dictionary<string, string> { ["Sbom.Runtime.Transitive"] = "2.0.0" }, "<license type=\"expression\">MIT</license>");
        FixturePackages.Pack(feed, "Sbom.Runtime.Transitive", "2.0.0",
            new Dictionary<string, string>(placeholders) { ["LICENSE.txt"] = "Transitive terms.\n" }, metadata: "<license type=\"file\">LICENSE.txt</license>");
        FixturePackages.Pack(feed, "Sbom.Core.Dep", "1.0.0", placeholders, metadata: "<license type=\"expression\">Apache-2.0</license>");
        // Build-time only: a tool referenced with PrivateAssets="all" (its own dependency goes with it; the
        // run-time package it also depends on stays), an analyzer package, a development dependency.
        FixturePackages.Pack(feed, "Sbom.Dev.Tool", "1.0.0", new Dictionary<string, string> { ["build/_._"] = string.Empty },
            new Dictionary<string, string> { ["Sbom.Dev.Transitive"] = "1.0.0", ["Sbom.Runtime.Transitive"] = "2.0.0" });
        FixturePackages.Pack(feed, "Sbom.Dev.Transitive", "1.0.0", new Dictionary<string, string> { ["build/_._"] = string.Empty });
        FixturePackages.Pack(feed, "Sbom.Some.Analyzers", "1.0.0", new Dictionary<string, string> { ["analyzers/dotnet/cs/notes.txt"] = "rules\n" });
        FixturePackages.Pack(feed, "Sbom.Dev.Dependency", "1.0.0", new Dictionary<string, string> { ["build/_._"] = string.Empty },
            metadata: "<developmentDependency>true</developmentDependency>");
        HermeticTool.CopyDownloadedPackage(feed, "NETStandard.Library", "2.0.3");
        HermeticTool.CopyDownloadedPackage(feed, "Microsoft.NETCore.Platforms", "1.1.0");

        var sdk = $"""  <Sdk Name="Hermetic.Build" Version="{TestRun.PackageVersion}" />""";
        const string frameworks = "<TargetFrameworks>net10.0;netstandard2.0</TargetFrameworks>";
        repository
            .WriteFile("hermetic.lock.json", TestRepository.HermeticLockJson("app/app.csproj", "core/core.csproj", "lib/lib.csproj"))
            .WriteFile("core/core.csproj", $"""
                <Project Sdk="Microsoft.NET.Sdk">
                {sdk}
                  <PropertyGroup>
                    {frameworks}
                    <PackageId>Acme.Core</PackageId>
                    <Version>1.2.3</Version>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="Sbom.Core.Dep" Version="1.0.0" />
                  </ItemGroup>
                </Project>
                """)
            .WriteFile("core/Core.cs", "namespace Acme.Core { public static class Answers { public static int Value => 42; } }\n")
            .WriteFile("lib/lib.csproj", $"""
                <Project Sdk="Microsoft.NET.Sdk">
                {sdk}
                  <PropertyGroup>
                    {frameworks}
                    <PackageId>Acme.Lib</PackageId>
                    <Version>2.0.0</Version>
                    {libraryProperties}
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="Sbom.Runtime.Lib" Version="1.0.0" />
                    <PackageReference Include="Sbom.Dev.Tool" Version="1.0.0" PrivateAssets="all" />
                    <PackageReference Include="Sbom.Some.Analyzers" Version="1.0.0" />
                    <PackageReference Include="Sbom.Dev.Dependency" Version="1.0.0" />
                    <ProjectReference Include="../core/core.csproj" />
                  </ItemGroup>
                </Project>
                """)
            .WriteFile("lib/Lib.cs", "namespace Acme.Lib { public static class Api { public static int Value => Acme.Core.Answers.Value; } }\n");
        AssertBuild.Succeeds(repository.DotNet("restore", Path.Combine(repository.Root, "lib", "lib.csproj")));
        return repository.Commit("A real-shaped library");
    }

    private static BuildResult Pack(TestRepository repository, params string[] arguments) =>
        repository.DotNet(["pack", Path.Combine(repository.Root, "lib", "lib.csproj"), "-c", "Release", .. arguments]);

    [Fact]
    public void Pack_writes_a_valid_SBOM_of_the_run_time_packages_with_the_locks_hashes_licenses_graph_and_formulation()
    {
        var repository = RealShapedRepository("sbom-pack");

        AssertBuild.Succeeds(Pack(repository));

        var packageFolder = Path.Combine(repository.Root, "lib", "bin", "Release");
        var sbomPath = Path.Combine(packageFolder, SbomFile);
        SbomSchema.AssertValid(sbomPath);
        var bytes = File.ReadAllBytes(sbomPath);
        var bom = JsonNode.Parse(bytes)!;

        var subject = bom["metadata"]!["component"]!;
        Assert.Equal("pkg:nuget/Acme.Lib@2.0.0", (string?)subject["purl"]);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(packageFolder, "Acme.Lib.2.0.0.nupkg")))),
            (string?)subject["hashes"]![0]!["content"]);
        Assert.Contains(bom["metadata"]!["tools"]!["components"]!.AsArray(),
            t => (string?)t!["name"] == "Hermetic.Build" && (string?)t["version"] == TestRun.PackageVersion);
        Assert.Contains(bom["metadata"]!["tools"]!["components"]!.AsArray(),
            t => (string?)t!["name"] == ".NET SDK" && (string?)t["version"] == TestRun.SdkVersion);

        var components = bom["components"]!.AsArray();
        Assert.Equal(RuntimeComponents, components.Select(c => (string)c!["purl"]!));

        // Each package's SHA-512 is NuGet's content hash: the lock's, and what restore recorded in the packages folder.
        var locked = JsonNode.Parse(File.ReadAllText(Path.Combine(repository.Root, "lib", "packages.lock.json")))!["dependencies"]!.AsObject();
        var packagesFolder = TestRun.Environment["NUGET_PACKAGES"];
        foreach (var component in components.Where(c => (string?)c!["name"] != "Acme.Core"))
        {
            var id = (string)component!["name"]!;
            var version = (string)component["version"]!;
            var lockHash = locked.Select(t => t.Value![id]?["contentHash"]).First(h => h is not null)!.GetValue<string>();
            var metadata = Path.Combine(packagesFolder, id.ToLowerInvariant(), version, ".nupkg.metadata");
            var restored = (string)JsonNode.Parse(File.ReadAllText(metadata))!["contentHash"]!;
            Assert.Equal(restored, lockHash);
            Assert.Equal("SHA-512", (string?)component["hashes"]![0]!["alg"]);
            Assert.Equal(Convert.ToHexStringLower(Convert.FromBase64String(lockHash)), (string?)component["hashes"]![0]!["content"]);
        }

        JsonNode Component(string name) => components.Single(c => (string?)c!["name"] == name)!;
        Assert.Equal("MIT", (string?)Component("Sbom.Runtime.Lib")["licenses"]![0]!["expression"]);
        Assert.Equal("Apache-2.0", (string?)Component("Sbom.Core.Dep")["licenses"]![0]!["expression"]);
        Assert.Equal("Transitive terms.\n", (string?)Component("Sbom.Runtime.Transitive")["licenses"]![0]!["license"]!["text"]!["content"]);
        Assert.Null(Component("Acme.Core")["hashes"]);
        Assert.Equal(["net10.0", "netstandard2.0"], Component("Sbom.Runtime.Lib")["properties"]!.AsArray()
            .Where(p => (string?)p!["name"] == "hermetic-build:targetFramework").Select(p => (string)p!["value"]!));

        var graph = bom["dependencies"]!.AsArray().ToDictionary(d => (string)d!["ref"]!, d => d!["dependsOn"]!.AsArray().Select(x => (string)x!).ToArray());
        Assert.Equal(["pkg:nuget/Acme.Core@1.2.3", "pkg:nuget/Sbom.Runtime.Lib@1.0.0"], graph["pkg:nuget/Acme.Lib@2.0.0"]);
        Assert.Equal(["pkg:nuget/Sbom.Core.Dep@1.0.0"], graph["pkg:nuget/Acme.Core@1.2.3"]);
        Assert.Equal(["pkg:nuget/Sbom.Runtime.Transitive@2.0.0"], graph["pkg:nuget/Sbom.Runtime.Lib@1.0.0"]);
        Assert.Empty(graph["pkg:nuget/Sbom.Runtime.Transitive@2.0.0"]);

        var formula = bom["formulation"]![0]!;
        Assert.Contains(formula["components"]!.AsArray(), c => (string?)c!["purl"] == $"pkg:nuget/Hermetic.Build@{TestRun.PackageVersion}");
        Assert.Contains(formula["properties"]!.AsArray(),
            p => (string?)p!["name"] == "hermetic-build:source.commit" && (string?)p["value"] == repository.Git("rev-parse", "HEAD").Output.Trim());
        Assert.DoesNotContain(repository.Root, Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);

        // Without packing (HermeticWriteSbom, what `hermetic sbom` runs): the same components and graph, no package hash.
        var unpacked = TestRun.NewDirectory("sbom-unpacked");
        AssertBuild.Succeeds(repository.DotNet("msbuild", Path.Combine(repository.Root, "lib", "lib.csproj"), "-t:HermeticWriteSbom",
            "-p:Configuration=Release", $"-p:HermeticSbomDirectory={unpacked}"));
        var written = Path.Combine(unpacked, "Acme.Lib.2.0.0.cdx.json");
        SbomSchema.AssertValid(written);
        var unpackedBom = JsonNode.Parse(File.ReadAllText(written))!;
        Assert.Equal(RuntimeComponents, unpackedBom["components"]!.AsArray().Select(c => (string)c!["purl"]!));
        Assert.Equal(bom["dependencies"]!.ToJsonString(), unpackedBom["dependencies"]!.ToJsonString());
        Assert.Null(unpackedBom["metadata"]!["component"]!["hashes"]);

        // Turned off: no SBOM (the earlier one goes), the manifest is still written.
        AssertBuild.Succeeds(Pack(repository, "-p:HermeticSbom=false"));
        Assert.False(File.Exists(sbomPath));
        Assert.True(File.Exists(Path.Combine(packageFolder, "Acme.Lib.2.0.0.nupkg.hermetic.json")));
    }

    [Fact]
    public void Two_CI_packs_at_different_paths_write_byte_identical_SBOMs_and_a_plain_build_writes_none()
    {
        var origin = RealShapedRepository("sbom-repro-origin");
        var checkouts = new[]
        {
            origin.CloneTo(Path.Combine(TestRun.NewDirectory("s"), "c")),
            origin.CloneTo(Path.Combine(TestRun.NewDirectory("sbom-checkout-with-a-longer-path"), "nested", "clone")),
        };

        // A plain build (of the origin: a local build before a CI one would keep its local paths) writes no SBOM.
        AssertBuild.Succeeds(origin.DotNet("build", Path.Combine(origin.Root, "lib", "lib.csproj"), "-c", "Release"));
        Assert.Empty(Directory.GetFiles(origin.Root, "*.cdx.json", SearchOption.AllDirectories));

        var sboms = checkouts.Select(checkout =>
        {
            checkout.WithEnvironment("CI", "true");
            AssertBuild.Succeeds(Pack(checkout));
            return File.ReadAllText(Path.Combine(checkout.Root, "lib", "bin", "Release", SbomFile));
        }).ToArray();

        Assert.Equal(sboms[0], sboms[1]);
        Assert.DoesNotContain("sbom-checkout-with-a-longer-path", sboms[1], StringComparison.Ordinal);
    }

    [Fact]
    public void A_signed_pack_names_the_SBOMs_digest_in_its_provenance_and_publish_writes_an_application_SBOM()
    {
        var repository = RealShapedRepository("sbom-signed");
        var keys = TestRun.NewDirectory("sbom-keys");
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var privatePem = Path.Combine(keys, "signing.pem");
        var publicPem = Path.Combine(keys, "signing.pub.pem");
        File.WriteAllText(privatePem, key.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(publicPem, key.ExportSubjectPublicKeyInfoPem());

        AssertBuild.Succeeds(Pack(repository, $"-p:HermeticSigningKey={privatePem}"));

        var packageFolder = Path.Combine(repository.Root, "lib", "bin", "Release");
        var manifest = Path.Combine(packageFolder, "Acme.Lib.2.0.0.nupkg.hermetic.json");
        var envelope = JsonNode.Parse(File.ReadAllText(manifest + ".intoto.json"))!;
        var statement = JsonNode.Parse(Convert.FromBase64String((string)envelope["payload"]!))!;
        var sbomSha256 = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(packageFolder, SbomFile))));
        Assert.Contains(statement["predicate"]!["runDetails"]!["byproducts"]!.AsArray(),
            b => (string?)b!["name"] == SbomFile && (string?)b["digest"]!["sha256"] == sbomSha256
                && ((string?)b["mediaType"])!.StartsWith("application/vnd.cyclonedx+json", StringComparison.Ordinal));

        // The SBOM verifies with the package, and a changed SBOM does not.
        string[] verify = ["msbuild", Path.Combine(repository.Root, "lib", "lib.csproj"), "-t:HermeticVerifyManifest",
            $"-p:HermeticVerifyPublicKey={publicPem}", $"-p:HermeticVerifyManifestFiles={manifest}"];
        AssertBuild.Succeeds(repository.DotNet(verify));
        File.AppendAllText(Path.Combine(packageFolder, SbomFile), " ");
        AssertBuild.NamesFile(AssertBuild.FailsWith(repository.DotNet(verify), "HB5002"), manifest);

        // Publish: $(PublishDir)sbom.cdx.json, the application with its main assembly's hash; named by the publish provenance too.
        repository.WriteFile("app/app.csproj", TestRepository.Project(Activation.SdkElementWithVersion)
            .Replace("</Project>", "  <ItemGroup>\n    <ProjectReference Include=\"../lib/lib.csproj\" />\n  </ItemGroup>\n</Project>",
                StringComparison.Ordinal));
        AssertBuild.Succeeds(repository.DotNet("restore", repository.AppProject));
        repository.Commit("An application");
        AssertBuild.Succeeds(repository.DotNet("publish", repository.AppProject, "-c", "Release", $"-p:HermeticSigningKey={privatePem}"));
        var publishDir = Path.Combine(repository.Root, "app", "bin", "Release", "net10.0", "publish");
        var published = Path.Combine(publishDir, "sbom.cdx.json");
        SbomSchema.AssertValid(published);
        var bom = JsonNode.Parse(File.ReadAllText(published))!;
        Assert.Equal("application", (string?)bom["metadata"]!["component"]!["type"]);
        Assert.Equal("pkg:nuget/app@1.0.0", (string?)bom["metadata"]!["component"]!["purl"]);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(publishDir, "app.dll")))),
            (string?)bom["metadata"]!["component"]!["hashes"]![0]!["content"]);
        var purls = bom["components"]!.AsArray().Select(c => (string)c!["purl"]!).ToArray();
        Assert.Equal(["pkg:nuget/Acme.Core@1.2.3", "pkg:nuget/Acme.Lib@2.0.0", "pkg:nuget/Sbom.Core.Dep@1.0.0",
            "pkg:nuget/Sbom.Runtime.Lib@1.0.0", "pkg:nuget/Sbom.Runtime.Transitive@2.0.0"], purls);
        var publishManifest = Path.Combine(publishDir, "hermetic.json");
        Assert.DoesNotContain(JsonNode.Parse(File.ReadAllText(publishManifest))!["outputs"]!.AsArray(), o => (string?)o!["path"] == "sbom.cdx.json");
        AssertBuild.Succeeds(repository.DotNet("msbuild", repository.AppProject, "-t:HermeticVerifyManifest",
            $"-p:HermeticVerifyPublicKey={publicPem}", $"-p:HermeticVerifyManifestFiles={publishManifest}"));
    }

    [Fact]
    public void VerifyHermetic_compares_the_package_its_manifest_and_its_SBOM_of_a_project_that_packs_on_build()
    {
        var repository = RealShapedRepository("sbom-verify", "<GeneratePackageOnBuild>true</GeneratePackageOnBuild>");

        var result = repository.DotNet("msbuild", Path.Combine(repository.Root, "lib", "lib.csproj"), "-t:VerifyHermetic");

        AssertBuild.Succeeds(result);
        var report = JsonNode.Parse(File.ReadAllText(Path.Combine(repository.Root, "artifacts", "hermetic", "verify.json")))!;
        var compared = report["filesCompared"]!.AsArray();
        foreach (var suffix in new[] { "/Acme.Lib.2.0.0.nupkg", "/Acme.Lib.2.0.0.nupkg.hermetic.json", "/" + SbomFile })
        {
            Assert.Contains(compared, f => ((string)f!["path"]!).EndsWith(suffix, StringComparison.Ordinal) && (bool)f["identical"]!);
        }
    }
}
