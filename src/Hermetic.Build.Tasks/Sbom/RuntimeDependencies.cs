using Hermetic.Build.Locks;

namespace Hermetic.Build.Sbom;

/// <summary>A package (or referenced project) the artefact needs at run time.</summary>
/// <param name="ContentHash">NuGet's content hash from the lock (null for a project).</param>
/// <param name="TargetFrameworks">The lock targets (short framework names) in which it is needed, sorted.</param>
/// <param name="DependsOn">The keys of the run-time components it depends on (in any of those targets), sorted.</param>
public sealed record RuntimeComponent(string Id, string? Version, string? ContentHash, bool IsProject,
    IReadOnlyList<string> TargetFrameworks, IReadOnlyList<string> DependsOn)
{
    /// <summary>Its key (<see cref="RuntimeDependencies.Key"/>).</summary>
    public string Key { get; init; } = string.Empty;
}

/// <summary>
/// The run-time dependency graph of an artefact, from its packages.lock.json (every target, or the
/// targets of one framework and runtime): the direct package and project references, and everything
/// they reach through the lock's dependency lists. Development-only packages are left out with
/// their closure: private references (<c>PrivateAssets="all"</c>), packages whose nuspec says
/// <c>developmentDependency</c>, and analyzer-only packages. A package that a run-time reference
/// also reaches stays.
/// </summary>
public sealed class RuntimeDependencies
{
    /// <summary>A component's key in <see cref="RuntimeComponent.DependsOn"/> and <see cref="Roots"/>: lowercase id, '/', lowercase version.</summary>
    public static string Key(LockedPackage entry) => entry.Id.ToLowerInvariant() + "/" + (entry.Resolved ?? string.Empty).ToLowerInvariant();

    private RuntimeDependencies(IReadOnlyList<RuntimeComponent> components, IReadOnlyList<string> roots, IReadOnlyList<string> excluded)
    {
        Components = components;
        Roots = roots;
        Excluded = excluded;
    }

    /// <summary>Every run-time component, sorted by key.</summary>
    public IReadOnlyList<RuntimeComponent> Components { get; }

    /// <summary>The keys of the artefact's own run-time references, sorted.</summary>
    public IReadOnlyList<string> Roots { get; }

    /// <summary>The keys of locked packages left out as development-only, sorted.</summary>
    public IReadOnlyList<string> Excluded { get; }

    /// <param name="targets">Lock targets to include (<see cref="TargetFrameworks.Normalize"/>d), or null for every target
    /// without a runtime identifier.</param>
    /// <param name="describe">Reads a package's nuspec (development dependency, analyzers only).</param>
    public static RuntimeDependencies From(PackagesLockFile lockFile, ProjectAssets assets, Func<string, string, PackageDescription> describe,
        ISet<string>? targets = null)
    {
        var ignoreCase = StringComparer.OrdinalIgnoreCase;
        var descriptions = new Dictionary<(string, string), PackageDescription>();
        bool DevelopmentOnly(LockedPackage entry)
        {
            if (entry.IsProject)
            {
                return false;
            }

            var key = (entry.Id.ToLowerInvariant(), entry.Resolved!.ToLowerInvariant());
            if (!descriptions.TryGetValue(key, out var description))
            {
                descriptions[key] = description = describe(entry.Id, entry.Resolved!);
            }

            return description.DevelopmentDependency || description.AnalyzersOnly;
        }

        // Keyed by id and version: a package can resolve to different versions in different frameworks.
        var components = new Dictionary<string, (LockedPackage Entry, SortedSet<string> Frameworks, SortedSet<string> DependsOn)>(StringComparer.Ordinal);
        var roots = new SortedSet<string>(StringComparer.Ordinal);
        var seen = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var target in lockFile.Entries.GroupBy(e => e.Target, StringComparer.Ordinal))
        {
            if (targets is null ? target.Key.Contains('/', StringComparison.Ordinal) : !targets.Contains(TargetFrameworks.Normalize(target.Key)))
            {
                continue;
            }

            var framework = TargetFrameworks.ShortName(target.Key);
            var byId = target.GroupBy(e => e.Id, ignoreCase).ToDictionary(g => g.Key, g => g.First(), ignoreCase);
            foreach (var entry in byId.Values)
            {
                seen.Add(Key(entry));
            }

            var queue = new Queue<LockedPackage>();
            foreach (var entry in byId.Values.Where(e => e.IsProject || e.Type.Equals("Direct", StringComparison.OrdinalIgnoreCase)))
            {
                if (!assets.IsPrivate(framework, entry.Id) && !DevelopmentOnly(entry))
                {
                    roots.Add(Key(entry));
                    queue.Enqueue(entry);
                }
            }

            var reached = new HashSet<string>(StringComparer.Ordinal);
            while (queue.Count > 0)
            {
                var entry = queue.Dequeue();
                var key = Key(entry);
                if (!reached.Add(key))
                {
                    continue;
                }

                if (!components.TryGetValue(key, out var component))
                {
                    components[key] = component = (entry, new SortedSet<string>(StringComparer.Ordinal), new SortedSet<string>(StringComparer.Ordinal));
                }

                component.Frameworks.Add(framework);
                foreach (var dependency in entry.Dependencies.Keys)
                {
                    if (byId.TryGetValue(dependency, out var next) && !DevelopmentOnly(next))
                    {
                        component.DependsOn.Add(Key(next));
                        queue.Enqueue(next);
                    }
                }
            }
        }

        RuntimeComponent ToComponent((LockedPackage Entry, SortedSet<string> Frameworks, SortedSet<string> DependsOn) c) => new(
            c.Entry.IsProject ? assets.ProjectId(c.Entry.Id) : c.Entry.Id,
            c.Entry.IsProject ? (assets.ProjectVersions.TryGetValue(c.Entry.Id, out var v) ? v : null) : c.Entry.Resolved,
            c.Entry.ContentHash,
            c.Entry.IsProject,
            [.. c.Frameworks],
            [.. c.DependsOn]);
        var result = components.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => ToComponent(c.Value) with { Key = c.Key }).ToList();
        var excluded = seen.Where(key => !components.ContainsKey(key)).ToList();
        return new RuntimeDependencies(result, [.. roots], excluded);
    }
}
