using System.Collections.Concurrent;
using Hermetic.Build.Core;
using Microsoft.Build.Framework;

namespace Hermetic.Build.Locks;

/// <summary>
/// HB1007: every package NuGet fetches for this project outside packages.lock.json (PackageDownload,
/// MSBuild SDK packages, local tools) has its entry in hermetic.lock.json, and the package in the
/// packages folder is what the entry locks: its .nupkg has the locked content hash and each file
/// extracted from it matches the .nupkg's entry. HB1001 (the hermetic.lock.json half): in CI the file
/// must exist. Outside CI, a missing file is written (the first restore writes whichever lock is
/// missing), and a project it does not name yet adds its entries (its first build); an entry is never
/// changed and a named project's new package is HB1007: only HermeticLock changes what is locked.
/// </summary>
public sealed class CheckExternalPackages : ExternalPackagesTask
{
    /// <summary><c>$(HermeticCI)</c>.</summary>
    public bool ContinuousIntegration { get; set; }

    /// <summary><c>$(HermeticCIReason)</c>: why the build is in CI mode, for the messages that depend on it.</summary>
    public string? ContinuousIntegrationReason { get; set; }

    protected override string CheckName => "hermetic.lock.json";

    protected override void Run()
    {
        var filesRead = new SortedSet<string>(StringComparer.Ordinal);
        var needed = CollectExternalPackages(filesRead);
        var lockPath = Path.GetFullPath(LockFile);
        filesRead.Add(lockPath);

        // Files this build process created: projects built after the first add their entries to it.
        var createdHere = BuildCache.GetOrCreate(BuildEngine, "hermetic-lock-created", () => new ConcurrentDictionary<string, bool>());
        if (!File.Exists(lockPath) || createdHere.ContainsKey(lockPath))
        {
            if (ContinuousIntegration)
            {
                Report(HermeticDiagnostics.LockFileMissing, new SourceLocation(lockPath),
                    $"The repository at '{RepositoryRoot}'", "hermetic.lock.json at its root", "hermetic.lock.json",
                    CheckLockFiles.CIReason(ContinuousIntegrationReason));
                CheckedFiles = Items(filesRead);
                return;
            }

            createdHere[lockPath] = true;
            HermeticLockWriter.Update(lockPath, current => AddMissing(current, needed));
        }
        else if (!ContinuousIntegration && needed.Any(p => p.Kind != ExternalPackageKind.Tool) && !NamesThisProject(HermeticLockFile.Load(lockPath)))
        {
            // A project the file does not name yet: its first build (a new project, or one built in
            // parallel with the project whose build created the file, in another node) adds its
            // packages, as NuGet writes a missing packages.lock.json. Decided again under the writer's
            // lock, so parallel first builds of a solution merge. Tools belong to the file's creation.
            HermeticLockWriter.Update(lockPath, current =>
                current is not null && NamesThisProject(current) ? null : AddMissing(current, needed.Where(p => p.Kind != ExternalPackageKind.Tool)));
        }

        var lockFile = HermeticLockFile.Load(lockPath);
        foreach (var package in needed)
        {
            Verify(lockFile, package, lockPath, filesRead);
        }

        CheckedFiles = Items(filesRead);
    }

    private bool NamesThisProject(HermeticLockFile lockFile) =>
        lockFile.Entries.Any(e => e.Projects.Contains(ProjectKey, StringComparer.Ordinal));

    private HermeticLockFile? AddMissing(HermeticLockFile? current, IEnumerable<ExternalPackage> needed)
    {
        var entries = current?.Entries.ToList() ?? [];
        var changed = current is null;
        foreach (var package in needed)
        {
            var index = entries.FindIndex(e => e.Matches(package.Id, package.Version, package.Kind));
            var projects = package.Kind == ExternalPackageKind.Tool ? Array.Empty<string>() : [ProjectKey];
            if (index >= 0)
            {
                if (!entries[index].Projects.Contains(ProjectKey) && projects.Length > 0)
                {
                    entries[index] = entries[index] with { Projects = [.. entries[index].Projects, ProjectKey] };
                    changed = true;
                }

                continue;
            }

            if (Restored(package) is { } restored)
            {
                entries.Add(new HermeticLockEntry(restored.Package.Id, package.Version, package.Kind, restored.Hash, projects));
                changed = true;
            }
        }

        return changed ? new HermeticLockFile(entries) : null;
    }

    private void Verify(HermeticLockFile lockFile, ExternalPackage package, string lockPath, ISet<string> filesRead)
    {
        var entry = lockFile.Find(package.Id, package.Version, package.Kind);
        (ExtractedPackage Package, string Hash)? restored;
        try
        {
            restored = Restored(package);
        }
        catch (HermeticInputException e)
        {
            // A .nupkg NuGet's reader cannot open (truncated, damaged): the package is not what any lock holds.
            Report(HermeticDiagnostics.ExternalPackageNotLocked, e.Location, $"Package {package.Id} {package.Version}", package.Origin, e.Message,
                "Delete its folder in the packages folder and restore again.");
            return;
        }

        if (entry is null)
        {
            var hint = package.Kind == ExternalPackageKind.Tool && restored is null ? " (run 'dotnet tool restore' first)" : string.Empty;
            Report(HermeticDiagnostics.ExternalPackageNotLocked, new SourceLocation(lockPath), $"Package {package.Id} {package.Version}", package.Origin,
                "it is not in hermetic.lock.json, so nothing pins what NuGet fetched",
                $"Run 'dotnet msbuild -t:HermeticLock'{hint} and commit hermetic.lock.json.");
            return;
        }

        if (restored is not { } found)
        {
            return; // not in the packages folder (a tool not restored yet): nothing of it is used
        }

        filesRead.Add(found.Package.NupkgPath);
        var fix = $"Delete the folder '{found.Package.Directory}' and restore again; if the new package is the one you want, run 'dotnet msbuild -t:HermeticLock' and commit hermetic.lock.json.";
        if (!string.Equals(found.Hash, entry.ContentHash, StringComparison.Ordinal))
        {
            Report(HermeticDiagnostics.ExternalPackageNotLocked, new SourceLocation(found.Package.NupkgPath), $"Package {package.Id} {package.Version}", package.Origin,
                $"'{found.Package.NupkgPath}' has content hash {found.Hash}, but hermetic.lock.json locks {entry.ContentHash}", fix);
            return;
        }

        var files = found.Package.ExtractedFiles().ToArray();
        filesRead.UnionWith(files);
        IReadOnlyList<(string File, string Reason)> differences;
        try
        {
            differences = PackageContents.Compare(BuildEngine, found.Package, files);
        }
        catch (HermeticInputException e)
        {
            Report(HermeticDiagnostics.ExternalPackageNotLocked, e.Location, $"Package {package.Id} {package.Version}", package.Origin, e.Message, fix);
            return;
        }

        foreach (var (file, reason) in differences)
        {
            Report(HermeticDiagnostics.ExternalPackageNotLocked, new SourceLocation(file), $"Package {package.Id} {package.Version}", package.Origin,
                $"'{file}' ({found.Package.RelativePathOf(file)}) is not what the locked package holds: {reason}", fix);
        }
    }

    private static ITaskItem[] Items(IEnumerable<string> files) => [.. files.Select(f => (ITaskItem)new Microsoft.Build.Utilities.TaskItem(f))];
}
