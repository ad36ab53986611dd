using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Hermetic.Build.Locks;
using Hermetic.Build.Manifest;
using Hermetic.Build.Sbom;
using Hermetic.Build.Tests.TestSupport;

namespace Hermetic.Build.Tests.Sbom;

public sealed class SbomTests
{
    private static readonly string HashA = Convert.ToBase64String(SHA512.HashData("a"u8));
    private static readonly string HashB = Convert.ToBase64String(SHA512.HashData("b"u8));
    private static readonly string HashC = Convert.ToBase64String(SHA512.HashData("c"u8));
    private static readonly string HashD = Convert.ToBase64String(SHA512.HashData("d"u8));
    private static readonly string HashE = Convert.ToBase64String(SHA512.HashData("e"u8));
    private static readonly string HashN = Convert.ToBase64String(SHA512.HashData("n"u8));

    // Two frameworks: Runtime.Lib → Shared in both; Dev.Tool (private) → Dev.Only and Shared;
    // Some.Analyzers (analyzers only); NETStandard.Library only under netstandard2.0; a project
    // reference Acme.Core → Core.Dep; a runtime-specific target (as NuGet writes it: every package
    // again, and the runtime's own) that a pack ignores.
    private static string LockJson() => $$"""
        {
          "version": 1,
          "dependencies": {
            "net10.0": {
              "Dev.Tool": { "type": "Direct", "requested": "[1.0.0, )", "resolved": "1.0.0", "contentHash": "{{HashC}}",
                            "dependencies": { "Dev.Only": "1.0.0", "Shared": "2.0.0" } },
              "Runtime.Lib": { "type": "Direct", "requested": "[1.0.0, )", "resolved": "1.0.0", "contentHash": "{{HashA}}",
                               "dependencies": { "Shared": "2.0.0" } },
              "Some.Analyzers": { "type": "Direct", "requested": "[3.0.0, )", "resolved": "3.0.0", "contentHash": "{{HashE}}" },
              "Dev.Only": { "type": "Transitive", "resolved": "1.0.0", "contentHash": "{{HashD}}" },
              "Shared": { "type": "Transitive", "resolved": "2.0.0", "contentHash": "{{HashB}}" },
              "Core.Dep": { "type": "Transitive", "resolved": "1.0.0", "contentHash": "{{HashD}}" },
              "acme.core": { "type": "Project", "dependencies": { "Core.Dep": "[1.0.0, )" } }
            },
            ".NETStandard,Version=v2.0": {
              "NETStandard.Library": { "type": "Direct", "requested": "[2.0.3, )", "resolved": "2.0.3", "contentHash": "{{HashN}}" },
              "Runtime.Lib": { "type": "Direct", "requested": "[1.0.0, )", "resolved": "1.0.0", "contentHash": "{{HashA}}",
                               "dependencies": { "Shared": "2.0.0" } },
              "Shared": { "type": "Transitive", "resolved": "2.0.0", "contentHash": "{{HashB}}" }
            },
            "net10.0/linux-x64": {
              "Runtime.Lib": { "type": "Direct", "requested": "[1.0.0, )", "resolved": "1.0.0", "contentHash": "{{HashA}}",
                               "dependencies": { "Shared": "2.0.0", "runtime.linux-x64.Native": "1.0.0" } },
              "Shared": { "type": "Transitive", "resolved": "2.0.0", "contentHash": "{{HashB}}" },
              "runtime.linux-x64.Native": { "type": "Transitive", "resolved": "1.0.0", "contentHash": "{{HashA}}" }
            }
          }
        }
        """;

    private static string AssetsJson(string projectDirectory) => $$"""
        {
          "version": 3,
          "targets": {},
          "libraries": {
            "Acme.Core/1.2.3": { "type": "project", "path": "../core/core.csproj", "msbuildProject": "../core/core.csproj" },
            "Runtime.Lib/1.0.0": { "type": "package", "path": "runtime.lib/1.0.0" }
          },
          "project": {
            "version": "1.0.0",
            "restore": {
              "projectPath": "{{projectDirectory}}/lib.csproj",
              "frameworks": {
                "net10.0": { "targetAlias": "net10.0", "projectReferences": {
                  "{{projectDirectory}}/../core/core.csproj": { "projectPath": "{{projectDirectory}}/../core/core.csproj" } } },
                "netstandard2.0": { "targetAlias": "netstandard2.0", "projectReferences": {} }
              }
            },
            "frameworks": {
              "net10.0": { "targetAlias": "net10.0", "dependencies": {
                "Dev.Tool": { "target": "Package", "version": "[1.0.0, )", "suppressParent": "All" },
                "Runtime.Lib": { "target": "Package", "version": "[1.0.0, )" },
                "Some.Analyzers": { "target": "Package", "version": "[3.0.0, )" } } },
              "netstandard2.0": { "targetAlias": "netstandard2.0", "dependencies": {
                "Runtime.Lib": { "target": "Package", "version": "[1.0.0, )" } } }
            }
          }
        }
        """;

    private static PackageDescription Describe(string id, string version) => id switch
    {
        "Some.Analyzers" => new PackageDescription(null, false, AnalyzersOnly: true),
        "Runtime.Lib" => new PackageDescription(new PackageLicense("MIT", null, null, null), false, false),
        "Shared" => new PackageDescription(new PackageLicense(null, "LICENSE.txt", "The Shared license.\n", null), false, false),
        _ => PackageDescription.Unknown,
    };

    private static (RuntimeDependencies Graph, ProjectAssets Assets) Graph(TempDirectory temp, ISet<string>? targets = null)
    {
        var projectDirectory = temp.CreateDirectory("lib").Replace('\\', '/');
        var assets = ProjectAssets.Load(temp.Write("lib/obj/project.assets.json", AssetsJson(projectDirectory)));
        var lockFile = PackagesLockFile.Parse("packages.lock.json", Encoding.UTF8.GetBytes(LockJson()));
        return (RuntimeDependencies.From(lockFile, assets, Describe, targets), assets);
    }

    [Fact]
    public void Run_time_components_leave_out_private_references_their_closure_and_analyzers_but_keep_what_a_run_time_reference_reaches()
    {
        using var temp = new TempDirectory();
        var (graph, _) = Graph(temp);

        Assert.Equal(["acme.core/", "core.dep/1.0.0", "netstandard.library/2.0.3", "runtime.lib/1.0.0", "shared/2.0.0"],
            graph.Components.Select(c => c.Key));
        Assert.Equal(["dev.only/1.0.0", "dev.tool/1.0.0", "some.analyzers/3.0.0"], graph.Excluded);
        Assert.Equal(["acme.core/", "netstandard.library/2.0.3", "runtime.lib/1.0.0"], graph.Roots);
        var runtimeLib = graph.Components.Single(c => c.Id == "Runtime.Lib");
        Assert.Equal(["net10.0", "netstandard2.0"], runtimeLib.TargetFrameworks);
        Assert.Equal(["shared/2.0.0"], runtimeLib.DependsOn);
        Assert.Equal(["netstandard2.0"], graph.Components.Single(c => c.Id == "NETStandard.Library").TargetFrameworks);
        var project = graph.Components.Single(c => c.IsProject);
        Assert.Equal("1.2.3", project.Version);
        Assert.Equal(["core.dep/1.0.0"], project.DependsOn);
        Assert.DoesNotContain(graph.Components, c => c.Id.StartsWith("runtime.linux", StringComparison.Ordinal));
    }

    [Fact]
    public void A_publish_for_one_runtime_takes_that_framework_and_runtime_only()
    {
        using var temp = new TempDirectory();
        var (graph, _) = Graph(temp, new HashSet<string>(["net10.0", "net10.0/linux-x64"], StringComparer.OrdinalIgnoreCase));

        Assert.DoesNotContain(graph.Components, c => c.Id == "NETStandard.Library");
        Assert.Contains(graph.Components, c => c.Id == "runtime.linux-x64.Native");
    }

    [Fact]
    public void A_private_project_reference_and_a_development_dependency_are_left_out()
    {
        using var temp = new TempDirectory();
        var projectDirectory = temp.CreateDirectory("lib").Replace('\\', '/');
        var assets = ProjectAssets.Load(temp.Write("lib/obj/project.assets.json",
            AssetsJson(projectDirectory).Replace("\"projectPath\": \"" + projectDirectory + "/../core/core.csproj\" }",
                "\"projectPath\": \"" + projectDirectory + "/../core/core.csproj\", \"privateAssets\": \"all\" }", StringComparison.Ordinal)));
        var lockFile = PackagesLockFile.Parse("packages.lock.json", Encoding.UTF8.GetBytes(LockJson()));

        var graph = RuntimeDependencies.From(lockFile, assets,
            (id, version) => id == "Runtime.Lib" ? new PackageDescription(null, DevelopmentDependency: true, false) : Describe(id, version));

        Assert.Equal(["netstandard.library/2.0.3"], graph.Components.Select(c => c.Key));
    }

    [Fact]
    public void The_document_is_valid_CycloneDX_1_7_canonical_and_names_purls_hashes_licenses_and_the_graph()
    {
        using var temp = new TempDirectory();
        var (graph, _) = Graph(temp);
        var bytes = Serialize(graph);
        var path = temp.WriteBytes("lib.1.0.0.nupkg.cdx.json", bytes);

        SbomSchema.AssertValid(path);

        Assert.Equal(bytes, CanonicalJson.Canonicalize(bytes));
        var bom = JsonNode.Parse(bytes)!;
        Assert.Equal("1.7", (string?)bom["specVersion"]);
        Assert.Equal("2023-11-14T22:13:20Z", (string?)bom["metadata"]!["timestamp"]);
        Assert.Equal("pkg:nuget/Acme.Lib@1.0.0", (string?)bom["metadata"]!["component"]!["purl"]);
        Assert.Equal(new string('a', 64), (string?)bom["metadata"]!["component"]!["hashes"]![0]!["content"]);
        var shared = bom["components"]!.AsArray().Single(c => (string?)c!["name"] == "Shared")!;
        Assert.Equal("pkg:nuget/Shared@2.0.0", (string?)shared["purl"]);
        Assert.Equal(Convert.ToHexStringLower(SHA512.HashData("b"u8)), (string?)shared["hashes"]![0]!["content"]);
        Assert.Equal("LICENSE.txt", (string?)shared["licenses"]![0]!["license"]!["name"]);
        Assert.Equal("The Shared license.\n", (string?)shared["licenses"]![0]!["license"]!["text"]!["content"]);
        Assert.Equal("MIT", (string?)bom["components"]!.AsArray().Single(c => (string?)c!["name"] == "Runtime.Lib")!["licenses"]![0]!["expression"]);
        Assert.Contains(bom["components"]!.AsArray(), c => (string?)c!["purl"] == "pkg:nuget/Acme.Core@1.2.3");
        var root = bom["dependencies"]!.AsArray().Single(d => (string?)d!["ref"] == "pkg:nuget/Acme.Lib@1.0.0")!;
        Assert.Equal(["pkg:nuget/Acme.Core@1.2.3", "pkg:nuget/NETStandard.Library@2.0.3", "pkg:nuget/Runtime.Lib@1.0.0"],
            root["dependsOn"]!.AsArray().Select(d => (string)d!));
        var formula = bom["formulation"]![0]!;
        Assert.Contains(formula["components"]!.AsArray(),
            c => (string?)c!["purl"] == "pkg:nuget/Microsoft.NETCore.App.Ref@9.0.0" && (string?)c["type"] == "framework");
        Assert.Contains(formula["properties"]!.AsArray(),
            p => (string?)p!["name"] == "hermetic-build:source.commit" && (string?)p["value"] == new string('1', 40));
    }

    [Fact]
    public void The_same_inputs_give_the_same_bytes_and_the_serial_number_follows_the_content()
    {
        using var temp = new TempDirectory();
        var (graph, _) = Graph(temp);

        var first = Serialize(graph);
        var second = Serialize(graph);
        var other = Serialize(graph, sha256: new string('b', 64));

        Assert.Equal(first, second);
        var serial = (string?)JsonNode.Parse(first)!["serialNumber"];
        Assert.Matches("^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", serial);
        Assert.NotEqual(serial, (string?)JsonNode.Parse(other)!["serialNumber"]);
    }

    [Theory]
    [InlineData("Newtonsoft.Json", "13.0.3", "pkg:nuget/Newtonsoft.Json@13.0.3")]
    [InlineData("My.Package", "1.0.0-beta.1+abc", "pkg:nuget/My.Package@1.0.0-beta.1%2Babc")]
    public void Purls_keep_the_id_and_percent_encode_what_purl_requires(string id, string version, string purl) =>
        Assert.Equal(purl, CycloneDxDocument.Purl(id, version));

    [Fact]
    public void A_nuspec_is_read_for_license_expression_license_file_and_development_dependency()
    {
        using var temp = new TempDirectory();
        temp.Write("packages/with.expression/1.0.0/with.expression.nuspec",
            Nuspec("With.Expression", "<license type=\"expression\">Apache-2.0 OR MIT</license>"));
        temp.Write("packages/with.expression/1.0.0/lib/net10.0/_._", string.Empty);
        temp.Write("packages/with.expression/1.0.0/with.expression.1.0.0.nupkg.sha512", Convert.ToBase64String(SHA512.HashData("nupkg"u8)));
        temp.Write("packages/with.file/1.0.0/with.file.nuspec",
            Nuspec("With.File", "<license type=\"file\">docs/LICENSE.txt</license><developmentDependency>true</developmentDependency>"));
        temp.Write("packages/with.file/1.0.0/docs/LICENSE.txt", "Terms.\r\n");
        temp.Write("packages/only.analyzers/1.0.0/only.analyzers.nuspec", Nuspec("Only.Analyzers", string.Empty));
        temp.Write("packages/only.analyzers/1.0.0/analyzers/dotnet/cs/A.dll", "x");
        string[] folders = [temp.Combine("packages")];

        var expression = PackageDescription.Read(folders, "With.Expression", "1.0.0");
        var file = PackageDescription.Read(folders, "With.File", "1.0.0");
        var analyzers = PackageDescription.Read(folders, "Only.Analyzers", "1.0.0");

        Assert.Equal(new PackageLicense("Apache-2.0 OR MIT", null, null, null), expression.License);
        Assert.Equal(Convert.ToHexStringLower(SHA512.HashData("nupkg"u8)), expression.NupkgSha512);
        Assert.Equal(new PackageDescription(new PackageLicense(null, "docs/LICENSE.txt", "Terms.\n", null), true, false), file);
        Assert.Equal(new PackageDescription(null, false, true), analyzers);
        Assert.Equal(PackageDescription.Unknown, PackageDescription.Read(folders, "Not.There", "1.0.0"));
    }

    [Fact]
    public void A_malformed_assets_file_is_an_input_error_naming_it()
    {
        using var temp = new TempDirectory();
        var path = temp.Write("obj/project.assets.json", "{ \"version\": 3 }");

        var error = Assert.Throws<Hermetic.Build.Core.HermeticInputException>(() => ProjectAssets.Load(path));

        Assert.Equal(path, error.Location.File);
    }

    private static byte[] Serialize(RuntimeDependencies graph, string? sha256 = null)
    {
        var packages = graph.Components.Where(c => !c.IsProject).ToDictionary(c => c.Key, c => Describe(c.Id, c.Version!));
        var formulation = new SbomFormulation("lib/lib.csproj", "Release", "net10.0;netstandard2.0", "10.0.401", "18.0.0",
            new string('1', 40), false, new ManifestLockFile("lib/packages.lock.json", new string('f', 64)),
            [new HermeticLockEntry("Microsoft.NETCore.App.Ref", "9.0.0", ExternalPackageKind.Download, HashA, ["lib/lib.csproj"])]);
        return CycloneDxDocument.Serialize(new SbomSubject("Acme.Lib", "1.0.0", "library", sha256 ?? new string('a', 64), "Acme.Lib.1.0.0.nupkg"),
            graph, packages, formulation, 1_700_000_000, "0.1.0");
    }

    private static string Nuspec(string id, string metadata) => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd">
          <metadata>
            <id>{id}</id>
            <version>1.0.0</version>
            <authors>Test</authors>
            <description>Test.</description>
            {metadata}
          </metadata>
        </package>
        """;
}
