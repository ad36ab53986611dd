using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hermetic.Build.Core;

namespace Hermetic.Build.Manifest;

/// <summary>The SDK and MSBuild that built the outputs.</summary>
public sealed record ManifestToolchain(string Sdk, string MSBuild);

/// <summary>The commit built (null outside git or before the first commit) and whether the work tree differed from it.</summary>
public sealed record ManifestSource(string? Commit, bool Dirty);

/// <summary>The project's packages.lock.json: repository-relative path and the SHA-256 of its bytes.</summary>
public sealed record ManifestLockFile(string Path, string Sha256);

/// <summary>A locked package: id and version as the lock file spells them, NuGet's content hash (base64 SHA-512).</summary>
public sealed record ManifestPackage(string Id, string Version, string ContentHash);

/// <summary>One output file: path relative to the manifest's folder with '/', lowercase hex SHA-256, size in bytes.</summary>
public sealed record ManifestOutput(string Path, string Sha256, long Size);

/// <summary>
/// A Hermetic.Build manifest (schema <c>hermetic-build/manifest/v1</c>, docs/manifest.md):
/// what one build, pack or publish of one project produced, from which inputs, with which
/// toolchain, at which commit. Written as RFC 8785 canonical JSON, so two builds of the same inputs
/// give the same bytes. This is also the reader the verification targets use.
/// </summary>
public sealed class BuildManifest
{
    public const string SchemaV1 = "hermetic-build/manifest/v1";

    private static readonly string[] TopLevelMembers = ["configuration", "digest", "inputs", "outputs", "project", "schema", "source", "targetFramework", "toolchain"];

    public BuildManifest(string project, string targetFramework, string configuration, ManifestToolchain toolchain, ManifestSource source,
        ManifestLockFile? lockFile, IEnumerable<ManifestPackage> packages, IEnumerable<ManifestOutput> outputs)
    {
        Project = project;
        TargetFramework = targetFramework;
        Configuration = configuration;
        Toolchain = toolchain;
        Source = source;
        LockFile = lockFile;
        Packages = SortPackages(packages);
        Outputs = SortOutputs(outputs);
    }

    public string Schema => SchemaV1;

    /// <summary>The project file, relative to HermeticRoot, with '/'.</summary>
    public string Project { get; }

    /// <summary>The target framework built (a pack of a multi-targeted project: its frameworks, ';'-separated).</summary>
    public string TargetFramework { get; }

    public string Configuration { get; }

    public ManifestToolchain Toolchain { get; }

    public ManifestSource Source { get; }

    public ManifestLockFile? LockFile { get; }

    /// <summary>Sorted by id (case-insensitively, then ordinally), then version.</summary>
    public IReadOnlyList<ManifestPackage> Packages { get; }

    /// <summary>Sorted by path (ordinal: UTF-16 code units, as RFC 8785 sorts names).</summary>
    public IReadOnlyList<ManifestOutput> Outputs { get; }

    /// <summary><c>sha256:&lt;hex&gt;</c> of the canonical JSON of <see cref="Outputs"/>.</summary>
    public string Digest => ComputeDigest(Outputs);

    public static string ComputeDigest(IEnumerable<ManifestOutput> outputs) =>
        "sha256:" + Convert.ToHexStringLower(SHA256.HashData(CanonicalJson.Serialize(OutputsToJson(SortOutputs(outputs)))));

    public JsonObject ToJson() => new()
    {
        ["schema"] = Schema,
        ["project"] = Project,
        ["targetFramework"] = TargetFramework,
        ["configuration"] = Configuration,
        ["toolchain"] = new JsonObject { ["sdk"] = Toolchain.Sdk, ["msbuild"] = Toolchain.MSBuild },
        ["source"] = new JsonObject { ["commit"] = Source.Commit, ["dirty"] = Source.Dirty },
        ["inputs"] = new JsonObject
        {
            ["lockFile"] = LockFile is null ? null : new JsonObject { ["path"] = LockFile.Path, ["sha256"] = LockFile.Sha256 },
            ["packages"] = new JsonArray(Packages.Select(p => (JsonNode)new JsonObject { ["id"] = p.Id, ["version"] = p.Version, ["contentHash"] = p.ContentHash }).ToArray()),
        },
        ["outputs"] = OutputsToJson(Outputs),
        ["digest"] = Digest,
    };

    /// <summary>The manifest as written: canonical JSON, UTF-8, no trailing newline.</summary>
    public byte[] ToCanonicalBytes() => CanonicalJson.Serialize(ToJson());

    public static BuildManifest Load(string path) => Parse(path, File.ReadAllBytes(path));

    /// <summary>Reads a manifest and checks it: every field of the schema with its type, nothing
    /// else, hashes in their notation, outputs sorted and unique, and the digest. Anything else is an
    /// <see cref="HermeticInputException"/> naming the file and the problem.</summary>
    public static BuildManifest Parse(string path, ReadOnlySpan<byte> utf8)
    {
        var root = CanonicalJson.ParseFile(path, utf8);
        var reader = new Reader(path);
        var obj = reader.Object(root, "the manifest");
        reader.OnlyMembers(obj, "the manifest", TopLevelMembers);
        var schema = reader.String(obj, "schema");
        if (schema != SchemaV1)
        {
            throw Malformed(path, $"\"schema\" is \"{schema}\"; this version of Hermetic.Build reads \"{SchemaV1}\"");
        }

        var toolchain = reader.Object(reader.Member(obj, "toolchain"), "\"toolchain\"");
        reader.OnlyMembers(toolchain, "\"toolchain\"", "msbuild", "sdk");
        var source = reader.Object(reader.Member(obj, "source"), "\"source\"");
        reader.OnlyMembers(source, "\"source\"", "commit", "dirty");
        var inputs = reader.Object(reader.Member(obj, "inputs"), "\"inputs\"");
        reader.OnlyMembers(inputs, "\"inputs\"", "lockFile", "packages");

        ManifestLockFile? lockFile = null;
        if (reader.Member(inputs, "lockFile") is { } lockNode)
        {
            var lockObject = reader.Object(lockNode, "\"inputs\".\"lockFile\"");
            reader.OnlyMembers(lockObject, "\"inputs\".\"lockFile\"", "path", "sha256");
            lockFile = new ManifestLockFile(reader.RelativePath(lockObject, "path"), reader.Sha256(lockObject, "sha256"));
        }

        var packages = reader.Array(reader.Member(inputs, "packages"), "\"inputs\".\"packages\"").Select((node, i) =>
        {
            var what = $"\"inputs\".\"packages\"[{i}]";
            var package = reader.Object(node, what);
            reader.OnlyMembers(package, what, "contentHash", "id", "version");
            return new ManifestPackage(reader.String(package, "id"), reader.String(package, "version"), reader.String(package, "contentHash"));
        }).ToList();

        var outputs = reader.Array(reader.Member(obj, "outputs"), "\"outputs\"").Select((node, i) =>
        {
            var what = $"\"outputs\"[{i}]";
            var output = reader.Object(node, what);
            reader.OnlyMembers(output, what, "path", "sha256", "size");
            return new ManifestOutput(reader.RelativePath(output, "path"), reader.Sha256(output, "sha256"), reader.Size(output, "size"));
        }).ToList();

        for (var i = 1; i < outputs.Count; i++)
        {
            var order = string.CompareOrdinal(outputs[i - 1].Path, outputs[i].Path);
            if (order >= 0)
            {
                throw Malformed(path, order == 0
                    ? $"\"outputs\" lists \"{outputs[i].Path}\" twice"
                    : $"\"outputs\" is not sorted by path (\"{outputs[i - 1].Path}\" comes before \"{outputs[i].Path}\")");
            }
        }

        var manifest = new BuildManifest(
            reader.String(obj, "project"),
            reader.String(obj, "targetFramework"),
            reader.String(obj, "configuration"),
            new ManifestToolchain(reader.String(toolchain, "sdk"), reader.String(toolchain, "msbuild")),
            new ManifestSource(reader.NullableString(source, "commit"), reader.Boolean(source, "dirty")),
            lockFile,
            packages,
            outputs);

        var digest = reader.String(obj, "digest");
        if (digest != manifest.Digest)
        {
            throw Malformed(path, $"\"digest\" is {digest}, but the outputs it lists hash to {manifest.Digest}");
        }

        return manifest;
    }

    private static JsonArray OutputsToJson(IEnumerable<ManifestOutput> outputs) =>
        new(outputs.Select(o => (JsonNode)new JsonObject { ["path"] = o.Path, ["sha256"] = o.Sha256, ["size"] = o.Size }).ToArray());

    private static IReadOnlyList<ManifestOutput> SortOutputs(IEnumerable<ManifestOutput> outputs)
    {
        var sorted = outputs.ToList();
        sorted.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return sorted;
    }

    private static IReadOnlyList<ManifestPackage> SortPackages(IEnumerable<ManifestPackage> packages) => packages
        .OrderBy(p => p.Id, StringComparer.OrdinalIgnoreCase)
        .ThenBy(p => p.Id, StringComparer.Ordinal)
        .ThenBy(p => p.Version, StringComparer.OrdinalIgnoreCase)
        .ThenBy(p => p.Version, StringComparer.Ordinal)
        .ThenBy(p => p.ContentHash, StringComparer.Ordinal)
        .ToArray();

    private static HermeticInputException Malformed(string path, string reason) => new(new SourceLocation(path), reason);

    /// <summary>Typed access to members, each failure naming the member and the file.</summary>
    private sealed class Reader(string path)
    {
        public JsonObject Object(JsonNode? node, string what) =>
            node as JsonObject ?? throw Malformed(path, $"{what} must be a JSON object");

        public JsonArray Array(JsonNode? node, string what) =>
            node as JsonArray ?? throw Malformed(path, $"{what} must be a JSON array");

        public JsonNode? Member(JsonObject obj, string name) =>
            obj.TryGetPropertyValue(name, out var value) ? value : throw Malformed(path, $"the member \"{name}\" is missing");

        public void OnlyMembers(JsonObject obj, string what, params string[] names)
        {
            foreach (var (name, _) in obj)
            {
                if (System.Array.IndexOf(names, name) < 0)
                {
                    throw Malformed(path, $"{what} has the member \"{name}\", which the schema {SchemaV1} does not define");
                }
            }

            foreach (var name in names)
            {
                if (!obj.ContainsKey(name))
                {
                    throw Malformed(path, $"{what} has no member \"{name}\"");
                }
            }
        }

        public string String(JsonObject obj, string name) =>
            NullableString(obj, name) ?? throw Malformed(path, $"\"{name}\" must be a string, not null");

        public string? NullableString(JsonObject obj, string name)
        {
            var node = Member(obj, name);
            if (node is null)
            {
                return null;
            }

            return node is JsonValue value && value.GetValueKind() == JsonValueKind.String
                ? value.GetValue<string>()
                : throw Malformed(path, $"\"{name}\" must be a string");
        }

        public bool Boolean(JsonObject obj, string name) => Member(obj, name) is JsonValue value && value.GetValueKind() is JsonValueKind.True or JsonValueKind.False
            ? value.GetValueKind() == JsonValueKind.True
            : throw Malformed(path, $"\"{name}\" must be true or false");

        public long Size(JsonObject obj, string name) =>
            Member(obj, name) is JsonValue value && value.TryGetValue<long>(out var size) && size >= 0
                ? size
                : throw Malformed(path, $"\"{name}\" must be a non-negative integer");

        public string Sha256(JsonObject obj, string name)
        {
            var hex = String(obj, name);
            return IsSha256Hex(hex) ? hex : throw Malformed(path, $"\"{name}\" is \"{hex}\"; it must be 64 lowercase hexadecimal digits");
        }

        public string RelativePath(JsonObject obj, string name)
        {
            var relative = String(obj, name);
            return IsPortableRelativePath(relative)
                ? relative
                : throw Malformed(path, $"\"{name}\" is \"{relative}\"; it must be a relative path with '/' separators");
        }
    }

    public static bool IsSha256Hex(string text) =>
        text.Length == 64 && text.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');

    /// <summary>Relative, '/'-separated, no drive or root: the same on every machine.</summary>
    public static bool IsPortableRelativePath(string text) =>
        text.Length > 0 && !text.Contains('\\', StringComparison.Ordinal) && !text.StartsWith('/') && !(text.Length > 1 && text[1] == ':');

    public override string ToString() => Encoding.UTF8.GetString(ToCanonicalBytes());
}
