using Hermetic.Build.Core;
using Microsoft.Build.Framework;

namespace Hermetic.Build.Locks;

/// <summary>
/// The hermetic.lock.json half of HermeticLock, for one project: its entries become exactly what it
/// fetches now (with the content hashes of the packages folder), the tool entries follow the tool
/// manifest, and entries no project uses any more are dropped. Entries of other projects stay.
/// </summary>
public sealed class WriteHermeticLock : ExternalPackagesTask
{
    /// <summary>Whether the file changed.</summary>
    [Output]
    public bool Changed { get; private set; }

    protected override string CheckName => "HermeticLock";

    protected override void Run()
    {
        var filesRead = new SortedSet<string>(StringComparer.Ordinal);
        var needed = CollectExternalPackages(filesRead);
        var resolved = new List<HermeticLockEntry>();
        foreach (var package in needed)
        {
            var restored = Restored(package) ?? throw new HermeticInputException(new SourceLocation(ProjectFile),
                package.Kind == ExternalPackageKind.Tool
                    ? $"the local tool {package.Id} {package.Version} is not in the packages folder; run 'dotnet tool restore' and lock again"
                    : $"{package.Id} {package.Version} ({package.Origin}) is not in the packages folder after restore");
            resolved.Add(new HermeticLockEntry(restored.Package.Id, package.Version, package.Kind, restored.Hash,
                package.Kind == ExternalPackageKind.Tool ? [] : [ProjectKey]));
        }

        var root = RepositoryRoot;
        Changed = HermeticLockWriter.Update(LockFile, current =>
        {
            var kept = new List<HermeticLockEntry>();
            foreach (var entry in current?.Entries ?? [])
            {
                if (entry.Kind == ExternalPackageKind.Tool)
                {
                    continue; // the manifest's tools replace them
                }

                // Other projects keep their entries, unless the project is gone.
                var projects = entry.Projects.Where(p => p != ProjectKey && File.Exists(Path.Combine(root, p))).ToArray();
                if (projects.Length > 0)
                {
                    kept.Add(entry with { Projects = projects });
                }
            }

            foreach (var entry in resolved)
            {
                var index = kept.FindIndex(e => e.Matches(entry.Id, entry.Version, entry.Kind));
                if (index >= 0)
                {
                    // The packages folder is the truth HermeticLock records.
                    kept[index] = kept[index] with { ContentHash = entry.ContentHash, Projects = [.. kept[index].Projects, .. entry.Projects] };
                }
                else
                {
                    kept.Add(entry);
                }
            }

            return new HermeticLockFile(kept);
        });
        CheckedFiles = [.. filesRead.Select(f => (ITaskItem)new Microsoft.Build.Utilities.TaskItem(f))];
    }
}
