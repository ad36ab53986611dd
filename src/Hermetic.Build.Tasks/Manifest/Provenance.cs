using System.Reflection;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hermetic.Build.Core;

namespace Hermetic.Build.Manifest;

/// <summary>A file the provenance names as a byproduct: its path relative to the manifest, media type and SHA-256 (lowercase hex).</summary>
public sealed record ProvenanceByproduct(string Name, string MediaType, string Sha256);

/// <summary>
/// The in-toto Statement v1 with a SLSA provenance v1 predicate that a signed manifest carries
/// (docs/manifest.md, "Provenance"): subjects are the manifest's outputs, resolved dependencies the
/// source commit, the lock file and the locked packages. No clock time, user or machine name.
/// </summary>
public static class Provenance
{
    public const string StatementType = "https://in-toto.io/Statement/v1";
    public const string PredicateType = "https://slsa.dev/provenance/v1";

    /// <summary>What the build type means: an MSBuild target of one project, as docs/manifest.md describes.</summary>
    public const string BuildType = "urn:hermetic-build:build-type:msbuild:v1";

    /// <summary>The builder id when <c>HermeticProvenanceBuilderId</c> is not set.</summary>
    public const string DefaultBuilderId = "urn:hermetic-build:builder:msbuild";

    /// <param name="target">The MSBuild target that produced the outputs: Build, Pack or Publish.</param>
    /// <param name="manifestName">The manifest's file name (a byproduct, with the hash of its bytes).</param>
    /// <param name="byproducts">Other files the build wrote beside the outputs (the SBOM), named after the manifest.</param>
    public static JsonObject Statement(BuildManifest manifest, string target, string manifestName, byte[] manifestBytes, string builderId,
        IReadOnlyList<ProvenanceByproduct>? byproducts = null)
    {
        var dependencies = new JsonArray();
        if (manifest.Source.Commit is { } commit)
        {
            dependencies.Add(new JsonObject
            {
                ["name"] = "source",
                ["digest"] = new JsonObject { ["gitCommit"] = commit },
                ["annotations"] = new JsonObject { ["dirty"] = manifest.Source.Dirty },
            });
        }

        if (manifest.LockFile is { } lockFile)
        {
            dependencies.Add(new JsonObject { ["name"] = lockFile.Path, ["digest"] = new JsonObject { ["sha256"] = lockFile.Sha256 } });
        }

        foreach (var package in manifest.Packages)
        {
            dependencies.Add(new JsonObject
            {
                ["uri"] = $"pkg:nuget/{package.Id}@{package.Version}",
                ["name"] = package.Id,
                ["digest"] = new JsonObject { ["sha512"] = ContentHashHex(package) },
            });
        }

        return new JsonObject
        {
            ["_type"] = StatementType,
            ["subject"] = new JsonArray(manifest.Outputs
                .Select(o => (JsonNode)new JsonObject { ["name"] = o.Path, ["digest"] = new JsonObject { ["sha256"] = o.Sha256 } }).ToArray()),
            ["predicateType"] = PredicateType,
            ["predicate"] = new JsonObject
            {
                ["buildDefinition"] = new JsonObject
                {
                    ["buildType"] = BuildType,
                    ["externalParameters"] = new JsonObject
                    {
                        ["project"] = manifest.Project,
                        ["target"] = target,
                        ["targetFramework"] = manifest.TargetFramework,
                        ["configuration"] = manifest.Configuration,
                    },
                    ["internalParameters"] = new JsonObject
                    {
                        ["toolchain"] = new JsonObject { ["sdk"] = manifest.Toolchain.Sdk, ["msbuild"] = manifest.Toolchain.MSBuild },
                    },
                    ["resolvedDependencies"] = dependencies,
                },
                ["runDetails"] = new JsonObject
                {
                    ["builder"] = new JsonObject
                    {
                        ["id"] = builderId,
                        ["version"] = new JsonObject { ["Hermetic.Build"] = HermeticBuildVersion },
                    },
                    ["byproducts"] = new JsonArray([
                        new JsonObject
                        {
                            ["name"] = manifestName,
                            ["mediaType"] = "application/json",
                            ["digest"] = new JsonObject { ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(manifestBytes)) },
                        },
                        .. (byproducts ?? []).OrderBy(b => b.Name, StringComparer.Ordinal).Select(b => new JsonObject
                        {
                            ["name"] = b.Name,
                            ["mediaType"] = b.MediaType,
                            ["digest"] = new JsonObject { ["sha256"] = b.Sha256 },
                        }),
                    ]),
                },
            },
        };
    }

    /// <summary>The media type a byproduct is named with: CycloneDX JSON for an SBOM, else JSON or bytes.</summary>
    public static string MediaTypeOf(string path) =>
        path.EndsWith(".cdx.json", StringComparison.OrdinalIgnoreCase) ? "application/vnd.cyclonedx+json; version=1.7"
        : path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? "application/json"
        : "application/octet-stream";

    /// <summary>NuGet's content hash (base64 SHA-512) in in-toto's digest notation, lowercase hex.</summary>
    public static string ContentHashHex(ManifestPackage package)
    {
        try
        {
            return Convert.ToHexStringLower(Convert.FromBase64String(package.ContentHash));
        }
        catch (FormatException)
        {
            throw new HermeticInputException(new SourceLocation(package.Id),
                $"the content hash of {package.Id} {package.Version} is not base64 (NuGet's SHA-512 notation)");
        }
    }

    /// <summary>The version of this task library (the package version, without source-control metadata).</summary>
    public static string HermeticBuildVersion { get; } = ReadVersion();

    private static string ReadVersion()
    {
        var informational = typeof(Provenance).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var plus = informational.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? informational : informational[..plus];
    }

    /// <summary>The subjects (name → sha256) of a statement; a statement of another type is an input error.</summary>
    public static IReadOnlyDictionary<string, string> Subjects(string path, byte[] statementBytes, out JsonObject statement)
    {
        var node = CanonicalJson.ParseFile(path, statementBytes, "its payload");
        if (node is not JsonObject obj || Text(obj["_type"]) != StatementType || Text(obj["predicateType"]) != PredicateType
            || obj["subject"] is not JsonArray subjects)
        {
            throw new HermeticInputException(new SourceLocation(path), $"its payload is not an in-toto Statement v1 ({StatementType}) with a SLSA provenance v1 predicate");
        }

        statement = obj;
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var subject in subjects)
        {
            if (subject is JsonObject s && s["name"] is JsonValue name && name.GetValueKind() == JsonValueKind.String
                && s["digest"] is JsonObject digest && digest["sha256"] is JsonValue sha && sha.GetValueKind() == JsonValueKind.String)
            {
                result[name.GetValue<string>()] = sha.GetValue<string>();
            }
            else
            {
                throw new HermeticInputException(new SourceLocation(path), "a subject of its statement has no name or no sha256 digest");
            }
        }

        return result;
    }

    /// <summary>A JSON string's text; null for anything else (an explicit cast would throw on a number or an object).</summary>
    internal static string? Text(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
}
