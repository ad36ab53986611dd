using System.Text.Json;
using Hermetic.Build.Core;
using Hermetic.Build.Locks;

namespace Hermetic.Build.Sbom;

/// <summary>
/// What the SBOM needs from NuGet's <c>project.assets.json</c> that packages.lock.json does not say:
/// which direct references are private to the build (<c>PrivateAssets="all"</c>: NuGet writes
/// <c>suppressParent: "All"</c>), and the package id and version of each referenced project.
/// </summary>
public sealed class ProjectAssets
{
    private ProjectAssets(IReadOnlyDictionary<string, HashSet<string>> privateReferences, IReadOnlyDictionary<string, string> projectVersions,
        IReadOnlyDictionary<string, string> projectPaths)
    {
        PrivateReferences = privateReferences;
        ProjectVersions = projectVersions;
        ProjectPaths = projectPaths;
    }

    /// <summary>Per target framework (short folder name), the ids of direct package and project references that do not flow to consumers.</summary>
    public IReadOnlyDictionary<string, HashSet<string>> PrivateReferences { get; }

    /// <summary>Referenced project (package id) → the version restore gave it.</summary>
    public IReadOnlyDictionary<string, string> ProjectVersions { get; }

    /// <summary>Referenced project (package id) → its project file, full path.</summary>
    public IReadOnlyDictionary<string, string> ProjectPaths { get; }

    /// <summary>The same, with other versions for referenced projects (pack's, which can differ from restore's).</summary>
    public ProjectAssets WithProjectVersions(IReadOnlyDictionary<string, string> versions) => new(PrivateReferences, versions, ProjectPaths);

    public static ProjectAssets Empty { get; } = new(
        new Dictionary<string, HashSet<string>>(), new Dictionary<string, string>(), new Dictionary<string, string>());

    /// <summary>A referenced project's package id as restore spells it (lock files write project names in lowercase).</summary>
    public string ProjectId(string id) => ProjectVersions.Keys.FirstOrDefault(k => k.Equals(id, StringComparison.OrdinalIgnoreCase)) ?? id;

    /// <summary>Whether <paramref name="id"/> is a private direct reference in <paramref name="targetFramework"/> (a lock target's framework).</summary>
    public bool IsPrivate(string targetFramework, string id) =>
        PrivateReferences.TryGetValue(TargetFrameworks.ShortName(targetFramework), out var ids) && ids.Contains(id);

    public static ProjectAssets Load(string path)
    {
        var document = LockJson.Parse(path, File.ReadAllBytes(path), new JsonDocumentOptions { AllowTrailingCommas = false });
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("project", out var project) || project.ValueKind != JsonValueKind.Object)
            {
                throw new HermeticInputException(new SourceLocation(path), "it has no \"project\" object (is it NuGet's project.assets.json?)");
            }

            var projectDirectory = Path.GetDirectoryName(String(project, "restore", "projectPath") ?? path) ?? string.Empty;
            var privateReferences = new Dictionary<string, HashSet<string>>(StringComparer.OrdinalIgnoreCase);
            if (project.TryGetProperty("frameworks", out var frameworks) && frameworks.ValueKind == JsonValueKind.Object)
            {
                foreach (var framework in frameworks.EnumerateObject())
                {
                    var ids = Private(privateReferences, framework.Name);
                    if (framework.Value.ValueKind == JsonValueKind.Object
                        && framework.Value.TryGetProperty("dependencies", out var dependencies) && dependencies.ValueKind == JsonValueKind.Object)
                    {
                        foreach (var dependency in dependencies.EnumerateObject())
                        {
                            if (IsAll(String(dependency.Value, "suppressParent")))
                            {
                                ids.Add(dependency.Name);
                            }
                        }
                    }
                }
            }

            // Project references: the library entries of type "project" name them (id/version) and
            // their file; restore's per-framework projectReferences say which ones are private.
            var projectVersions = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            var projectPaths = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (root.TryGetProperty("libraries", out var libraries) && libraries.ValueKind == JsonValueKind.Object)
            {
                foreach (var library in libraries.EnumerateObject())
                {
                    var slash = library.Name.IndexOf('/', StringComparison.Ordinal);
                    if (slash <= 0 || !string.Equals(String(library.Value, "type"), "project", StringComparison.OrdinalIgnoreCase))
                    {
                        continue;
                    }

                    var id = library.Name[..slash];
                    projectVersions[id] = library.Name[(slash + 1)..];
                    if ((String(library.Value, "msbuildProject") ?? String(library.Value, "path")) is { } relative)
                    {
                        projectPaths[id] = Path.GetFullPath(Path.Combine(projectDirectory, relative));
                    }
                }
            }

            if (project.TryGetProperty("restore", out var restore) && restore.ValueKind == JsonValueKind.Object
                && restore.TryGetProperty("frameworks", out var restoreFrameworks) && restoreFrameworks.ValueKind == JsonValueKind.Object)
            {
                var pathComparer = OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
                var idByPath = projectPaths.ToDictionary(p => p.Value, p => p.Key, pathComparer);
                foreach (var framework in restoreFrameworks.EnumerateObject())
                {
                    if (framework.Value.ValueKind != JsonValueKind.Object
                        || !framework.Value.TryGetProperty("projectReferences", out var references) || references.ValueKind != JsonValueKind.Object)
                    {
                        continue;
                    }

                    foreach (var reference in references.EnumerateObject())
                    {
                        if (IsAll(String(reference.Value, "privateAssets"))
                            && idByPath.TryGetValue(Path.GetFullPath(String(reference.Value, "projectPath") ?? reference.Name), out var id))
                        {
                            Private(privateReferences, framework.Name).Add(id);
                        }
                    }
                }
            }

            return new ProjectAssets(privateReferences, projectVersions, projectPaths);
        }
    }

    private static HashSet<string> Private(Dictionary<string, HashSet<string>> all, string framework)
    {
        var key = TargetFrameworks.ShortName(framework);
        if (!all.TryGetValue(key, out var ids))
        {
            all[key] = ids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        }

        return ids;
    }

    // "All", or a list of asset names that covers everything ("Runtime;Compile;Build;…" is rare; All is what NuGet writes).
    private static bool IsAll(string? assets) =>
        assets is not null && assets.Split([';', ','], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Any(a => a.Equals("All", StringComparison.OrdinalIgnoreCase));

    private static string? String(JsonElement element, params string[] path)
    {
        foreach (var name in path)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element))
            {
                return null;
            }
        }

        return element.ValueKind == JsonValueKind.String ? element.GetString() : null;
    }
}

/// <summary>Target framework names as lock and assets files spell them (<c>net8.0</c>, <c>.NETStandard,Version=v2.0</c>),
/// compared by NuGet's short name.</summary>
public static class TargetFrameworks
{
    public static string ShortName(string framework)
    {
        var name = framework.Split('/', 2)[0];
        try
        {
            var parsed = NuGet.Frameworks.NuGetFramework.Parse(name);
            return parsed.IsUnsupported ? name.ToLowerInvariant() : parsed.GetShortFolderName();
        }
        catch (ArgumentException)
        {
            return name.ToLowerInvariant();
        }
    }

    /// <summary>A lock target (<c>framework</c> or <c>framework/rid</c>) with the framework's short name.</summary>
    public static string Normalize(string target)
    {
        var slash = target.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? ShortName(target) : ShortName(target[..slash]) + target[slash..].ToLowerInvariant();
    }
}
