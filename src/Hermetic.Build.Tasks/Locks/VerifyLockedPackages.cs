using System.Xml.Linq;
using Hermetic.Build.Core;
using Microsoft.Build.Framework;

namespace Hermetic.Build.Locks;

/// <summary>
/// HB1003: every package packages.lock.json locks is, in the packages folder, what the lock says: its
/// .nupkg has the locked content hash, and every file the build consumes from it (compile references,
/// analyzers, copy-local runtime, native and resource files, build props and targets) is byte for byte
/// the .nupkg's entry. Each package is hashed once per build, whichever projects use it.
/// </summary>
public sealed class VerifyLockedPackages : HermeticTask
{
    /// <summary>The project's packages.lock.json (nothing to check when it does not exist).</summary>
    [Required]
    public string LockFile { get; set; } = string.Empty;

    /// <summary>The packages folders restore used (<c>$(NuGetPackageFolders)</c>), first is the main one.</summary>
    public ITaskItem[] PackageFolders { get; set; } = [];

    /// <summary>Files from packages the build consumes (items of ResolvePackageAssets: full paths).</summary>
    public ITaskItem[] ConsumedFiles { get; set; } = [];

    /// <summary>obj/*.nuget.g.props and .targets: the packages' build files they import are consumed too.</summary>
    public ITaskItem[] PackageImportFiles { get; set; } = [];

    /// <summary>The project file, named in the fix of NU1603.</summary>
    public string? ProjectFile { get; set; }

    /// <summary><c>$(ManagePackageVersionsCentrally)</c>: the fix of NU1603 is a PackageVersion then.</summary>
    public bool CentralPackageManagement { get; set; }

    /// <summary><c>$(CentralPackageTransitivePinningEnabled)</c>.</summary>
    public bool TransitivePinning { get; set; }

    /// <summary><c>$(DirectoryPackagesPropsPath)</c>: where a PackageVersion goes.</summary>
    public string? PackageVersionsFile { get; set; }

    /// <summary>Every file this check read (lock, .nupkg files, consumed files): inputs of the next build's up-to-date check.</summary>
    [Output]
    public ITaskItem[] CheckedFiles { get; private set; } = [];

    protected override string CheckName => "locked package";

    protected override void Run()
    {
        if (!File.Exists(LockFile))
        {
            return;
        }

        var lockFile = BuildCache.GetForFile(BuildEngine, "packages-lock", LockFile, PackagesLockFile.Load);
        ReportMissingLowerBounds(lockFile);
        var folders = PackageFolders.Select(f => f.ItemSpec).Where(f => !string.IsNullOrWhiteSpace(f)).ToArray();
        var checkedFiles = new SortedSet<string>(StringComparer.Ordinal) { Path.GetFullPath(LockFile) };

        // The locked packages by (id, version) as NuGet names their folders (lowercase), each with its
        // consumed files; null for a package whose .nupkg could not be checked (said already).
        var packages = new Dictionary<(string Id, string Version), (LockedPackage Locked, ExtractedPackage Extracted, List<string>? Files)>();
        foreach (var locked in lockFile.Packages)
        {
            var key = (locked.Id.ToLowerInvariant(), locked.Resolved!.ToLowerInvariant());
            var extracted = ExtractedPackage.Find(folders, locked.Id, locked.Resolved!);
            if (extracted is null)
            {
                var expected = folders.Length == 0 ? "(no packages folder)" : Path.Combine(PathComparison.AsFolder(folders[0]), key.Item1, key.Item2) + Path.DirectorySeparatorChar;
                Report(HermeticDiagnostics.PackageContentMismatch, new SourceLocation(LockFile), $"Package {locked.Id} {locked.Resolved}",
                    $"it is locked but in none of the packages folders restore used ({Quoted(folders)}), so nothing vouches for what the build uses instead",
                    LockFile, expected);
                continue;
            }

            packages[key] = (locked, extracted, CheckArchive(locked, extracted, checkedFiles) ? [] : null);
        }

        var consumed = ConsumedFiles.Select(i => Path.GetFullPath(i.GetMetadata("FullPath") is { Length: > 0 } full ? full : i.ItemSpec))
            .Concat(BuildFiles(folders))
            .Distinct(PathComparison.Comparer)
            .Order(StringComparer.Ordinal);
        foreach (var file in consumed)
        {
            if (!File.Exists(file))
            {
                continue; // nothing is consumed from a file that is not there (the build itself says so)
            }

            var owner = OwnerOf(file, folders);
            if (owner is null)
            {
                Report(HermeticDiagnostics.PackageContentMismatch, new SourceLocation(file), $"Package file '{file}'",
                    $"it lies in none of the packages folders restore used ({Quoted(folders)}), so no lock entry covers it", LockFile, Path.GetDirectoryName(file));
            }
            else if (!packages.TryGetValue((owner.Value.Id, owner.Value.Version), out var package))
            {
                Report(HermeticDiagnostics.PackageContentMismatch, new SourceLocation(file), $"Package {owner.Value.Id} {owner.Value.Version}",
                    $"the build consumes '{file}' from it, but {Path.GetFileName(LockFile)} locks no {owner.Value.Id} {owner.Value.Version}",
                    LockFile, owner.Value.Directory);
            }
            else
            {
                package.Files?.Add(file);
            }
        }

        foreach (var (locked, extracted, files) in packages.Values)
        {
            if (files is null || files.Count == 0)
            {
                continue;
            }

            checkedFiles.UnionWith(files);
            IReadOnlyList<(string File, string Reason)> differences;
            try
            {
                differences = PackageContents.Compare(BuildEngine, extracted, files);
            }
            catch (HermeticInputException e)
            {
                Report(HermeticDiagnostics.PackageContentMismatch, e.Location, $"Package {locked.Id} {locked.Resolved}", e.Message, LockFile, extracted.Directory);
                continue;
            }

            foreach (var (file, reason) in differences)
            {
                Report(HermeticDiagnostics.PackageContentMismatch, new SourceLocation(file), $"Package {locked.Id} {locked.Resolved}",
                    $"'{file}' ({extracted.RelativePathOf(file)}): {reason}", LockFile, extracted.Directory);
            }
        }

        CheckedFiles = [.. checkedFiles.Select(f => (ITaskItem)new Microsoft.Build.Utilities.TaskItem(f))];
    }

    /// <summary>The .nupkg is there, readable, and has the locked content hash; false when its files cannot be checked against it.</summary>
    private bool CheckArchive(LockedPackage locked, ExtractedPackage extracted, ISet<string> checkedFiles)
    {
        if (!File.Exists(extracted.NupkgPath))
        {
            Report(HermeticDiagnostics.PackageContentMismatch, new SourceLocation(extracted.Directory), $"Package {locked.Id} {locked.Resolved}",
                "its .nupkg is missing from the packages folder, so its content cannot be checked", LockFile, extracted.Directory);
            return false;
        }

        checkedFiles.Add(extracted.NupkgPath);
        string actual;
        try
        {
            actual = NupkgFile.ContentHash(BuildEngine, extracted.NupkgPath);
        }
        catch (HermeticInputException e)
        {
            Report(HermeticDiagnostics.PackageContentMismatch, e.Location, $"Package {locked.Id} {locked.Resolved}", e.Message, LockFile, extracted.Directory);
            return false;
        }

        if (!string.Equals(actual, locked.ContentHash, StringComparison.Ordinal))
        {
            Report(HermeticDiagnostics.PackageContentMismatch, new SourceLocation(extracted.NupkgPath), $"Package {locked.Id} {locked.Resolved}",
                $"'{extracted.NupkgPath}' has content hash {actual}, the lock says {locked.ContentHash}", LockFile, extracted.Directory);
        }

        return true;
    }

    /// <summary>The package a file of a packages folder belongs to: <c>&lt;folder&gt;/&lt;id&gt;/&lt;version&gt;/…</c>,
    /// the first folder (by the platform's case rule) that holds it. Null for a file in no packages folder.</summary>
    internal static (string Id, string Version, string Directory)? OwnerOf(string file, IEnumerable<string> folders)
    {
        foreach (var folder in folders)
        {
            var relative = PathComparison.RelativeTo(file, folder);
            var parts = relative?.Split('/');
            if (parts is { Length: >= 3 })
            {
                var directory = Path.Combine(PathComparison.AsFolder(folder), parts[0], parts[1]) + Path.DirectorySeparatorChar;
                return (parts[0].ToLowerInvariant(), parts[1].ToLowerInvariant(), directory);
            }
        }

        return null;
    }

    private static string Quoted(IEnumerable<string> folders) => string.Join(", ", folders.Select(f => $"'{f}'"));

    /// <summary>NU1603, which NuGet does not report once lock files are on: an error here (a warning in Audit mode).</summary>
    private void ReportMissingLowerBounds(PackagesLockFile lockFile)
    {
        foreach (var missing in MissingLowerBounds.Find(lockFile))
        {
            var message = $"{missing.Requester} depends on {missing.Id} (>= {missing.LowerBound}) but {missing.Id} {missing.LowerBound} was not found. "
                + $"An approximate best match of {missing.Id} {missing.Resolved} was resolved ({missing.Target}). Hermetic.Build makes this an error: "
                + PinAdvice(missing) + ", then run 'dotnet msbuild -t:HermeticLock' and commit the lock.";
            ReportOtherTool("NU1603", LockFile, message);
        }
    }

    /// <summary>The exact pin that makes the version the sources hold the one asked for: a PackageVersion
    /// under Central Package Management (with transitive pinning for a dependency's dependency), else
    /// a PackageReference in the project (a direct reference pins a transitive package too).</summary>
    private string PinAdvice(MissingLowerBound missing)
    {
        var project = string.IsNullOrEmpty(ProjectFile) ? "the project" : $"'{ProjectFile}'";
        var direct = string.Equals(missing.Requester, "the project", StringComparison.Ordinal);
        if (CentralPackageManagement)
        {
            var props = string.IsNullOrEmpty(PackageVersionsFile) ? "Directory.Packages.props" : $"'{PackageVersionsFile}'";
            var pin = $"<PackageVersion Include=\"{missing.Id}\" Version=\"{missing.Resolved}\" />";
            return direct || TransitivePinning
                ? $"pin the version the sources hold: set {pin} in {props}"
                : $"pin the version the sources hold: set {pin} in {props} and "
                    + "<CentralPackageTransitivePinningEnabled>true</CentralPackageTransitivePinningEnabled> "
                    + $"(or reference it directly: <PackageReference Include=\"{missing.Id}\" /> in {project})";
        }

        var reference = $"<PackageReference Include=\"{missing.Id}\" Version=\"{missing.Resolved}\" />";
        return direct
            ? $"ask for the version the sources hold: {reference} in {project}"
            : $"pin the version the sources hold with a direct reference: add {reference} to {project}";
    }

    /// <summary>The packages' build files NuGet's generated imports name, and the other files of the
    /// same build folder (a package's props and targets import each other).</summary>
    private IEnumerable<string> BuildFiles(string[] folders)
    {
        var root = folders.FirstOrDefault() ?? string.Empty;
        foreach (var importFile in PackageImportFiles.Select(i => i.ItemSpec).Where(File.Exists))
        {
            var document = BuildCache.GetForFile(BuildEngine, "xml", importFile, path => XDocument.Load(path, LoadOptions.None));
            foreach (var import in document.Descendants().Where(e => e.Name.LocalName == "Import"))
            {
                var project = import.Attribute("Project")?.Value;
                if (string.IsNullOrWhiteSpace(project))
                {
                    continue;
                }

                var path = Path.GetFullPath(project.Replace("$(NuGetPackageRoot)", Path.TrimEndingDirectorySeparator(root) + Path.DirectorySeparatorChar, StringComparison.OrdinalIgnoreCase));
                if (!File.Exists(path))
                {
                    continue;
                }

                yield return path;
                var buildFolder = BuildFolderOf(path, folders);
                if (buildFolder is not null && Directory.Exists(buildFolder))
                {
                    foreach (var file in Directory.EnumerateFiles(buildFolder, "*", SearchOption.AllDirectories))
                    {
                        yield return file;
                    }
                }
            }
        }
    }

    /// <summary><c>&lt;folder&gt;/&lt;id&gt;/&lt;version&gt;/build/</c> (or buildTransitive, buildMultiTargeting) of a package file.</summary>
    private static string? BuildFolderOf(string file, string[] folders)
    {
        foreach (var folder in folders)
        {
            var parts = PathComparison.RelativeTo(file, folder)?.Split('/');
            if (parts is not null)
            {
                return parts.Length > 3 ? Path.Combine(PathComparison.AsFolder(folder), parts[0], parts[1], parts[2]) : null;
            }
        }

        return null;
    }
}
