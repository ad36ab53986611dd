using System.Text.Json;
using Hermetic.Build.Core;

namespace Hermetic.Build.Locks;

/// <summary>One package entry of a packages.lock.json, for one target (framework, or framework/RID).</summary>
/// <param name="Target">The lock's target key: <c>net10.0</c> or <c>net10.0/linux-x64</c>.</param>
/// <param name="Type"><c>Direct</c>, <c>Transitive</c>, <c>CentralTransitive</c> or <c>Project</c>.</param>
/// <param name="Requested">The requested range for direct and central entries, else null.</param>
/// <param name="Resolved">The resolved version (null for <c>Project</c> entries).</param>
/// <param name="ContentHash">NuGet's base64 SHA-512 content hash (null for <c>Project</c> entries).</param>
public sealed record LockedPackage(string Target, string Id, string Type, string? Requested, string? Resolved, string? ContentHash)
{
    public bool IsProject => string.Equals(Type, "Project", StringComparison.OrdinalIgnoreCase);

    /// <summary>The entry's own dependencies: id and the range it asks for, as NuGet wrote them ("1.0.5", "[1.0.0, 2.0.0)").</summary>
    public IReadOnlyDictionary<string, string> Dependencies { get; init; } = new Dictionary<string, string>();
}

/// <summary>
/// A NuGet <c>packages.lock.json</c> (format versions 1 and 2), read with System.Text.Json:
/// NuGet.ProjectModel is not available on our machines. Malformed content is an
/// <see cref="HermeticInputException"/> naming the file and line.
/// </summary>
public sealed class PackagesLockFile
{
    private PackagesLockFile(string path, int version, IReadOnlyList<LockedPackage> entries)
    {
        Path = path;
        Version = version;
        Entries = entries;
    }

    public string Path { get; }

    public int Version { get; }

    /// <summary>Every entry of every target, in file order.</summary>
    public IReadOnlyList<LockedPackage> Entries { get; }

    /// <summary>Each package (id and version) once, whatever the targets, sorted by id then version:
    /// the packages restore fetches for this lock.</summary>
    public IReadOnlyList<LockedPackage> Packages => Entries
        .Where(e => !e.IsProject && e.Resolved is not null)
        .GroupBy(e => (Id: e.Id.ToLowerInvariant(), Version: e.Resolved!.ToLowerInvariant()))
        .Select(g => g.First())
        .OrderBy(e => e.Id, StringComparer.OrdinalIgnoreCase)
        .ThenBy(e => e.Resolved, StringComparer.OrdinalIgnoreCase)
        .ToArray();

    public static PackagesLockFile Load(string path) => Parse(path, File.ReadAllBytes(path));

    public static PackagesLockFile Parse(string path, ReadOnlySpan<byte> utf8)
    {
        var document = LockJson.Parse(path, utf8, new JsonDocumentOptions { AllowTrailingCommas = false });
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Malformed(path, "the file must be a JSON object");
            }

            if (!root.TryGetProperty("version", out var versionElement) || versionElement.ValueKind != JsonValueKind.Number
                || !versionElement.TryGetInt32(out var version))
            {
                throw Malformed(path, "\"version\" is missing or not a number");
            }

            if (version is < 1 or > 2)
            {
                throw Malformed(path, $"lock file format version {version} is not one Hermetic.Build reads (1 or 2)");
            }

            if (!root.TryGetProperty("dependencies", out var targets) || targets.ValueKind != JsonValueKind.Object)
            {
                throw Malformed(path, "\"dependencies\" is missing or not an object");
            }

            var entries = new List<LockedPackage>();
            var seen = new HashSet<(string, string)>();
            foreach (var target in targets.EnumerateObject())
            {
                if (target.Value.ValueKind != JsonValueKind.Object)
                {
                    throw Malformed(path, $"\"dependencies\".\"{target.Name}\" is not an object");
                }

                foreach (var package in target.Value.EnumerateObject())
                {
                    if (package.Value.ValueKind != JsonValueKind.Object)
                    {
                        throw Malformed(path, $"the entry of {package.Name} under {target.Name} is not an object");
                    }

                    // JSON keeps a repeated name; NuGet never writes one, and package ids ignore case.
                    if (!seen.Add((target.Name, package.Name.ToLowerInvariant())))
                    {
                        throw Malformed(path, $"{package.Name} is listed twice under {target.Name}");
                    }

                    var type = String(package.Value, "type") ?? throw Malformed(path, $"the entry of {package.Name} under {target.Name} has no \"type\"");
                    var entry = new LockedPackage(target.Name, package.Name, type, String(package.Value, "requested"),
                        String(package.Value, "resolved"), String(package.Value, "contentHash"))
                    {
                            Dependencies = Dependencies(path, package),
                    };
                    if (!entry.IsProject && (entry.Resolved is null || entry.ContentHash is null))
                    {
                        throw Malformed(path, $"the entry of {package.Name} under {target.Name} has no \"resolved\" version or no \"contentHash\"");
                    }

                    entries.Add(entry);
                }
            }

            return new PackagesLockFile(path, version, entries);
        }
    }

    private static Dictionary<string, string> Dependencies(string path, JsonProperty package)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (package.Value.TryGetProperty("dependencies", out var dependencies) && dependencies.ValueKind == JsonValueKind.Object)
        {
            foreach (var dependency in dependencies.EnumerateObject().Where(d => d.Value.ValueKind == JsonValueKind.String))
            {
                if (!result.TryAdd(dependency.Name, dependency.Value.GetString()!))
                {
                    throw Malformed(path, $"the entry of {package.Name} lists its dependency {dependency.Name} twice");
                }
            }
        }

        return result;
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static HermeticInputException Malformed(string path, string reason) => new(new SourceLocation(path), reason);
}
