using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Hermetic.Build.Locks;
using Hermetic.Build.Manifest;

namespace Hermetic.Build.Sbom;

/// <summary>The artefact an SBOM describes: a package (pack) or an application (publish).</summary>
/// <param name="Type">CycloneDX component type: <c>library</c> or <c>application</c>.</param>
/// <param name="Sha256">Lowercase hex SHA-256 of the artefact file (the .nupkg, or the published entry file).</param>
/// <param name="FileName">The artefact file's name (null when the SBOM is written without packing).</param>
public sealed record SbomSubject(string Id, string Version, string Type, string? Sha256, string? FileName);

/// <summary>How the artefact was built: the toolchain, the commit and the packages of hermetic.lock.json.</summary>
/// <param name="Project">The project file, relative to the repository root, with '/'.</param>
/// <param name="LockFile">packages.lock.json, relative to the repository root, and its SHA-256 (null without one).</param>
/// <param name="BuildPackages">The hermetic.lock.json entries of this project (packs, SDK packages).</param>
public sealed record SbomFormulation(string Project, string Configuration, string TargetFrameworks, string SdkVersion, string MSBuildVersion,
    string? Commit, bool Dirty, ManifestLockFile? LockFile, IReadOnlyList<HermeticLockEntry> BuildPackages);

/// <summary>
/// A CycloneDX 1.7 JSON SBOM (docs/sbom.md), reproducible: RFC 8785 canonical JSON, every array in
/// a fixed order, no clock time but <c>SOURCE_DATE_EPOCH</c>, and a serial number that is a
/// name-based UUID (version 5) of the document's own content. The same inputs give the same bytes.
/// </summary>
public static class CycloneDxDocument
{
    public const string SpecVersion = "1.7";
    public const string SchemaUri = "http://cyclonedx.org/schema/bom-1.7.schema.json";
    public const string PropertyPrefix = "hermetic-build:";

    /// <summary>The UUID namespace of Hermetic.Build's SBOM serial numbers (a fixed, random UUID).</summary>
    private static readonly Guid SerialNamespace = new("5d3f6c1e-8a42-4b7e-9f1d-2c6b8e0a4d37");

    /// <param name="packages">What the nuspec and packages folder say of each run-time package, by component key.</param>
    public static byte[] Serialize(SbomSubject subject, RuntimeDependencies dependencies, IReadOnlyDictionary<string, PackageDescription> packages,
        SbomFormulation formulation, long? sourceDateEpoch, string hermeticBuildVersion)
    {
        var document = Build(subject, dependencies, packages, formulation, sourceDateEpoch, hermeticBuildVersion);
        document["serialNumber"] = SerialNumber(CanonicalJson.Serialize(document));
        return CanonicalJson.Serialize(document);
    }

    /// <summary>The document without its serial number.</summary>
    public static JsonObject Build(SbomSubject subject, RuntimeDependencies dependencies, IReadOnlyDictionary<string, PackageDescription> packages,
        SbomFormulation formulation, long? sourceDateEpoch, string hermeticBuildVersion)
    {
        var subjectRef = Purl(subject.Id, subject.Version);
        var refs = dependencies.Components.ToDictionary(c => c.Key, c => Purl(c.Id, c.Version), StringComparer.Ordinal);

        var subjectComponent = new JsonObject
        {
            ["type"] = subject.Type,
            ["bom-ref"] = subjectRef,
            ["name"] = subject.Id,
            ["version"] = subject.Version,
            ["purl"] = subjectRef,
        };
        if (subject.Sha256 is not null)
        {
            subjectComponent["hashes"] = new JsonArray(Hash("SHA-256", subject.Sha256));
        }

        if (subject.FileName is not null)
        {
            subjectComponent["properties"] = Properties(("file", subject.FileName));
        }

        var metadata = new JsonObject
        {
            ["lifecycles"] = new JsonArray(new JsonObject { ["phase"] = "build" }),
            ["tools"] = new JsonObject
            {
                ["components"] = new JsonArray(
                    new JsonObject
                    {
                        ["type"] = "application",
                        ["bom-ref"] = "tool:" + Purl("Hermetic.Build", hermeticBuildVersion),
                        ["name"] = "Hermetic.Build",
                        ["version"] = hermeticBuildVersion,
                        ["purl"] = Purl("Hermetic.Build", hermeticBuildVersion),
                    },
                    new JsonObject
                    {
                        ["type"] = "application",
                        ["bom-ref"] = "tool:dotnet-sdk@" + formulation.SdkVersion,
                        ["name"] = ".NET SDK",
                        ["version"] = formulation.SdkVersion,
                    }),
            },
            ["component"] = subjectComponent,
        };
        if (sourceDateEpoch is { } epoch)
        {
            metadata["timestamp"] = DateTimeOffset.FromUnixTimeSeconds(epoch).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        }

        var components = new JsonArray();
        foreach (var component in dependencies.Components)
        {
            var purl = refs[component.Key];
            var node = new JsonObject
            {
                ["type"] = "library",
                ["bom-ref"] = purl,
                ["name"] = component.Id,
                ["scope"] = "required",
                ["purl"] = purl,
            };
            if (component.Version is not null)
            {
                node["version"] = component.Version;
            }

            var properties = new List<(string, string)>();
            if (component.ContentHash is not null)
            {
                var contentHash = Provenance.ContentHashHex(new ManifestPackage(component.Id, component.Version ?? string.Empty, component.ContentHash));
                node["hashes"] = new JsonArray(Hash("SHA-512", contentHash));
                properties.Add(("nuget.contentHash", component.ContentHash));
            }

            if (packages.TryGetValue(component.Key, out var package))
            {
                if (package.License is not null)
                {
                    node["licenses"] = Licenses(package.License);
                }

                // The .nupkg file's own hash (what a download is checked against), besides NuGet's content hash.
                if (package.NupkgSha512 is not null)
                {
                    properties.Add(("nupkg.sha512", package.NupkgSha512));
                }
            }

            properties.Add(("source", component.IsProject ? "project" : "package"));
            properties.AddRange(component.TargetFrameworks.Select(f => ("targetFramework", f)));
            node["properties"] = Properties([.. properties]);
            components.Add(node);
        }

        var graph = new JsonArray(new JsonObject { ["ref"] = subjectRef, ["dependsOn"] = Strings(dependencies.Roots.Select(r => refs[r])) });
        foreach (var component in dependencies.Components)
        {
            graph.Add(new JsonObject { ["ref"] = refs[component.Key], ["dependsOn"] = Strings(component.DependsOn.Select(d => refs[d])) });
        }

        return new JsonObject
        {
            ["$schema"] = SchemaUri,
            ["bomFormat"] = "CycloneDX",
            ["specVersion"] = SpecVersion,
            ["version"] = 1,
            ["metadata"] = metadata,
            ["components"] = components,
            ["dependencies"] = new JsonArray([.. graph.OrderBy(d => (string)d!["ref"]!, StringComparer.Ordinal).Select(d => d!.DeepClone())]),
            ["formulation"] = new JsonArray(Formula(formulation)),
        };
    }

    private static JsonObject Formula(SbomFormulation formulation)
    {
        var components = new JsonArray(
            new JsonObject
            {
                ["type"] = "platform",
                ["bom-ref"] = "formulation:dotnet-sdk@" + formulation.SdkVersion,
                ["name"] = ".NET SDK",
                ["version"] = formulation.SdkVersion,
            },
            new JsonObject
            {
                ["type"] = "application",
                ["bom-ref"] = "formulation:msbuild@" + formulation.MSBuildVersion,
                ["name"] = "MSBuild",
                ["version"] = formulation.MSBuildVersion,
            });
        foreach (var package in formulation.BuildPackages)
        {
            var purl = Purl(package.Id, package.Version);
            components.Add(new JsonObject
            {
                // Targeting, runtime and apphost packs are frameworks the build compiles against or bundles.
                ["type"] = package.Kind == ExternalPackageKind.Download ? "framework" : "library",
                ["bom-ref"] = "formulation:" + purl,
                ["name"] = package.Id,
                ["version"] = package.Version,
                ["purl"] = purl,
                ["hashes"] = new JsonArray(Hash("SHA-512", Provenance.ContentHashHex(new ManifestPackage(package.Id, package.Version, package.ContentHash)))),
                ["properties"] = Properties(("kind", package.Kind), ("nuget.contentHash", package.ContentHash)),
            });
        }

        var properties = new List<(string, string)>
        {
            ("project", formulation.Project),
            ("configuration", formulation.Configuration),
            ("targetFrameworks", formulation.TargetFrameworks),
            ("msbuild", formulation.MSBuildVersion),
            ("source.dirty", formulation.Dirty ? "true" : "false"),
        };
        if (formulation.Commit is not null)
        {
            properties.Add(("source.commit", formulation.Commit));
        }

        if (formulation.LockFile is { } lockFile)
        {
            properties.Add(("lockFile", lockFile.Path));
            properties.Add(("lockFile.sha256", lockFile.Sha256));
        }

        return new JsonObject
        {
            ["bom-ref"] = "formulation",
            ["components"] = components,
            ["properties"] = Properties([.. properties]),
        };
    }

    private static JsonArray Licenses(PackageLicense license)
    {
        if (license.Expression is not null)
        {
            return new JsonArray(new JsonObject { ["expression"] = license.Expression });
        }

        var node = new JsonObject();
        if (license.File is not null)
        {
            node["name"] = license.File;
            if (license.FileText is not null)
            {
                node["text"] = new JsonObject { ["contentType"] = "text/plain", ["content"] = license.FileText };
            }
        }
        else
        {
            node["name"] = "see URL";
            node["url"] = license.Url;
        }

        return new JsonArray(new JsonObject { ["license"] = node });
    }

    /// <summary><c>pkg:nuget/Id@Version</c> (package-url), the version percent-encoded where purl requires it.</summary>
    public static string Purl(string id, string? version)
    {
        var name = Encode(id);
        return version is null ? "pkg:nuget/" + name : "pkg:nuget/" + name + "@" + Encode(version);
    }

    private static string Encode(string value)
    {
        var builder = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '~')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    /// <summary><c>urn:uuid:</c> of a version 5 (name-based, SHA-1) UUID of <paramref name="content"/> in Hermetic.Build's namespace.</summary>
    public static string SerialNumber(byte[] content)
    {
        var name = new byte[16 + content.Length];
        SerialNamespace.TryWriteBytes(name, bigEndian: true, out _);
        content.CopyTo(name, 16);
#pragma warning disable CA5350 // SHA-1 is what RFC 9562 prescribes for version 5 UUIDs; it is an identifier here, not a security boundary.
        var hash = SHA1.HashData(name);
#pragma warning restore CA5350
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return "urn:uuid:" + new Guid(hash.AsSpan(0, 16), bigEndian: true).ToString("D");
    }

    private static JsonObject Hash(string algorithm, string hex) => new() { ["alg"] = algorithm, ["content"] = hex };

    private static JsonArray Strings(IEnumerable<string> values) =>
        new([.. values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(v => (JsonNode)JsonValue.Create(v))]);

    private static JsonArray Properties(params (string Name, string Value)[] properties) =>
        new([.. properties.Select(p => (JsonNode)new JsonObject { ["name"] = PropertyPrefix + p.Name, ["value"] = p.Value })]);
}
