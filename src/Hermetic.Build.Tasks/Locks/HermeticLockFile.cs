using System.Text;
using System.Text.Json;
using Hermetic.Build.Core;

namespace Hermetic.Build.Locks;

/// <summary>What kind of package NuGet fetches outside packages.lock.json.</summary>
public static class ExternalPackageKind
{
    /// <summary>A <c>PackageDownload</c>: targeting, runtime and apphost packs, ILCompiler…</summary>
    public const string Download = "download";

    /// <summary>An MSBuild SDK resolved from a package (<c>&lt;Sdk&gt;</c>, global.json msbuild-sdks).</summary>
    public const string Sdk = "sdk";

    /// <summary>A local tool of the repository's tool manifest (.config/dotnet-tools.json).</summary>
    public const string Tool = "tool";

    public static bool IsKnown(string kind) => kind is Download or Sdk or Tool;
}

/// <summary>One package of hermetic.lock.json.</summary>
/// <param name="Projects">Repository-relative paths (with '/') of the projects that fetch it; empty for tools,
/// which belong to the repository's tool manifest.</param>
public sealed record HermeticLockEntry(string Id, string Version, string Kind, string ContentHash, IReadOnlyList<string> Projects)
{
    public bool Matches(string id, string version, string kind) =>
        string.Equals(Id, id, StringComparison.OrdinalIgnoreCase)
        && string.Equals(Version, version, StringComparison.OrdinalIgnoreCase)
        && string.Equals(Kind, kind, StringComparison.Ordinal);
}

/// <summary>
/// hermetic.lock.json: id, version, kind and NuGet content hash of every package NuGet fetches outside
/// packages.lock.json, one file per repository at HermeticRoot. The format (docs/locks.md) is stable:
/// entries sorted by id (case-insensitive), version (NuGet order) and kind; two-space indentation; '\n' line ends; a final newline. The
/// same content always serializes to the same bytes.
/// </summary>
public sealed class HermeticLockFile
{
    public const string FileName = "hermetic.lock.json";
    public const int FormatVersion = 1;

    public HermeticLockFile(IEnumerable<HermeticLockEntry> entries)
    {
        Entries = Sort(entries);
    }

    /// <summary>The entries, sorted.</summary>
    public IReadOnlyList<HermeticLockEntry> Entries { get; }

    public HermeticLockEntry? Find(string id, string version, string kind) =>
        Entries.FirstOrDefault(e => e.Matches(id, version, kind));

    public static HermeticLockFile Load(string path) => Parse(path, File.ReadAllBytes(path));

    public static HermeticLockFile Parse(string path, ReadOnlySpan<byte> utf8)
    {
        var document = LockJson.Parse(path, utf8);
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Malformed(path, "the file must be a JSON object");
            }

            if (!root.TryGetProperty("version", out var version) || version.ValueKind != JsonValueKind.Number
                || !version.TryGetInt32(out var number) || number != FormatVersion)
            {
                throw Malformed(path, $"\"version\" must be {FormatVersion}");
            }

            if (!root.TryGetProperty("packages", out var packages) || packages.ValueKind != JsonValueKind.Array)
            {
                throw Malformed(path, "\"packages\" is missing or not an array");
            }

            var entries = new List<HermeticLockEntry>();
            var index = 0;
            foreach (var package in packages.EnumerateArray())
            {
                index++;
                if (package.ValueKind != JsonValueKind.Object)
                {
                    throw Malformed(path, $"package {index} is not an object");
                }

                var id = Required(path, package, "id", index);
                var packageVersion = Required(path, package, "version", index);
                var kind = Required(path, package, "kind", index);
                var hash = Required(path, package, "contentHash", index);
                if (!ExternalPackageKind.IsKnown(kind))
                {
                    throw Malformed(path, $"package {index} ({id}) has kind '{kind}'; the kinds are download, sdk and tool");
                }

                var projects = new List<string>();
                if (package.TryGetProperty("projects", out var list))
                {
                    if (list.ValueKind != JsonValueKind.Array || list.EnumerateArray().Any(p => p.ValueKind != JsonValueKind.String))
                    {
                        throw Malformed(path, $"\"projects\" of package {index} ({id}) must be an array of strings");
                    }

                    projects.AddRange(list.EnumerateArray().Select(p => p.GetString()!));
                }

                entries.Add(new HermeticLockEntry(id, packageVersion, kind, hash, projects));
            }

            var duplicate = entries.GroupBy(e => (e.Id.ToLowerInvariant(), e.Version.ToLowerInvariant(), e.Kind)).FirstOrDefault(g => g.Count() > 1);
            if (duplicate is not null)
            {
                throw Malformed(path, $"{duplicate.First().Id} {duplicate.First().Version} ({duplicate.First().Kind}) is listed more than once");
            }

            return new HermeticLockFile(entries);
        }
    }

    /// <summary>The file's bytes: UTF-8 without BOM, sorted, indented, '\n' line ends.</summary>
    public byte[] Serialize()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, NewLine = "\n", Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteNumber("version", FormatVersion);
            writer.WriteStartArray("packages");
            foreach (var entry in Entries)
            {
                writer.WriteStartObject();
                writer.WriteString("id", entry.Id);
                writer.WriteString("version", entry.Version);
                writer.WriteString("kind", entry.Kind);
                writer.WriteString("contentHash", entry.ContentHash);
                if (entry.Projects.Count > 0)
                {
                    writer.WriteStartArray("projects");
                    foreach (var project in entry.Projects)
                    {
                        writer.WriteStringValue(project);
                    }

                    writer.WriteEndArray();
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    public override string ToString() => Encoding.UTF8.GetString(Serialize());

    private static IReadOnlyList<HermeticLockEntry> Sort(IEnumerable<HermeticLockEntry> entries) =>
        entries
            .Select(e => e with { Projects = e.Projects.Distinct(StringComparer.Ordinal).OrderBy(p => p, StringComparer.Ordinal).ToArray() })
            .OrderBy(e => e.Id.ToLowerInvariant(), StringComparer.Ordinal)
            .ThenBy(e => e.Version, LockVersion.Comparer)
            .ThenBy(e => e.Version.ToLowerInvariant(), StringComparer.Ordinal)
            .ThenBy(e => e.Kind, StringComparer.Ordinal)
            .ToArray();

    private static string Required(string path, JsonElement package, string name, int index) =>
        package.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString())
            ? value.GetString()!
            : throw Malformed(path, $"package {index} has no \"{name}\" string");

    private static HermeticInputException Malformed(string path, string reason) => new(new SourceLocation(path), reason);
}
