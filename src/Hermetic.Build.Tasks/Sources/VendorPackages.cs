using System.Runtime.CompilerServices;
using System.Text.Json;
using Hermetic.Build.Core;
using Hermetic.Build.Locks;
using Microsoft.Build.Framework;

namespace Hermetic.Build.Sources;

/// <summary>
/// HermeticVendor: copies every package the repository's lock files name from the packages
/// folder into the vendor folder, a flat NuGet folder feed (<c>&lt;id&gt;.&lt;version&gt;.nupkg</c>,
/// lower case), byte for byte; checks each against its lock entry first; removes the .nupkg files
/// no lock names any more. The same locks and packages give the same folder, file for file.
/// </summary>
public sealed class VendorPackages : HermeticTask
{
    /// <summary>Folders never searched for lock files.</summary>
    private static readonly HashSet<string> SkippedFolders = new(StringComparer.OrdinalIgnoreCase) { "bin", "obj", "node_modules", "artifacts" };

    /// <summary><c>$(HermeticRoot)</c>: every packages.lock.json below it is vendored.</summary>
    [Required]
    public string RepositoryRoot { get; set; } = string.Empty;

    /// <summary><c>$(NuGetPackageRoot)</c>: the packages folder restore extracted the packages into.</summary>
    [Required]
    public string PackagesDirectory { get; set; } = string.Empty;

    /// <summary><c>$(HermeticVendorDirectory)</c>.</summary>
    [Required]
    public string VendorDirectory { get; set; } = string.Empty;

    /// <summary>Package folders (<c>&lt;packages&gt;/&lt;id&gt;/&lt;version&gt;/</c>) to vendor besides the locked packages:
    /// the Hermetic.Build package itself, which no packages.lock.json names. Checked against the SHA-512 NuGet
    /// recorded when it extracted them.</summary>
    public ITaskItem[] AdditionalPackageDirectories { get; set; } = [];

    /// <summary>The .nupkg files of the vendor folder after the run.</summary>
    [Output]
    public ITaskItem[] VendoredPackages { get; private set; } = [];

    protected override string CheckName => "vendor";

    protected override void Run()
    {
        var root = Path.GetFullPath(RepositoryRoot);
        var vendor = Path.TrimEndingDirectorySeparator(Path.GetFullPath(VendorDirectory, root));
        if (string.IsNullOrWhiteSpace(PackagesDirectory))
        {
            throw new HermeticInputException(new SourceLocation(root), "NuGetPackageRoot is empty: restore the repository first (dotnet restore)");
        }

        var packagesFolder = Path.GetFullPath(PackagesDirectory);
        // Once per vendor folder per build: every project of a solution asks for the same folder.
        var written = BuildCache.GetOrCreate(BuildEngine, "vendor:" + vendor, () => new StrongBox<string[]>(Vendor(root, packagesFolder, vendor))).Value!;
        VendoredPackages = [.. written.Select(f => (ITaskItem)new Microsoft.Build.Utilities.TaskItem(f))];
    }

    private string[] Vendor(string root, string packagesFolder, string vendor)
    {
        var locked = new SortedDictionary<string, (LockedPackage Package, string LockFile)>(StringComparer.Ordinal);
        foreach (var lockFile in LockFiles(root, vendor))
        {
            foreach (var package in PackagesLockFile.Load(lockFile).Packages)
            {
                var fileName = package.Id.ToLowerInvariant() + "." + package.Resolved!.ToLowerInvariant() + ".nupkg";
                if (locked.TryGetValue(fileName, out var other) && other.Package.ContentHash != package.ContentHash)
                {
                    throw new HermeticInputException(new SourceLocation(lockFile),
                        $"{package.Id} {package.Resolved} is locked with a content hash that differs from the one in '{other.LockFile}'; restore both projects with --force-evaluate");
                }

                locked.TryAdd(fileName, (package, lockFile));
            }
        }

        var hermeticLock = Path.Combine(root, HermeticLockFile.FileName);
        if (File.Exists(hermeticLock))
        {
            foreach (var package in HermeticLockPackages(hermeticLock))
            {
                locked.TryAdd(package.Id.ToLowerInvariant() + "." + package.Resolved!.ToLowerInvariant() + ".nupkg", (package, hermeticLock));
            }
        }

        var additional = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in AdditionalPackageDirectories)
        {
            var folder = Path.TrimEndingDirectorySeparator(Path.GetFullPath(item.ItemSpec));
            var version = Path.GetFileName(folder).ToLowerInvariant();
            var id = Path.GetFileName(Path.GetDirectoryName(folder)!).ToLowerInvariant();
            var fileName = id + "." + version + ".nupkg";
            if (!locked.ContainsKey(fileName))
            {
                additional[fileName] = VerifiedByChecksum(Path.Combine(folder, fileName));
            }
        }

        Directory.CreateDirectory(vendor);
        var copied = 0;
        foreach (var (fileName, source) in additional)
        {
            if (CopyIfDifferent(source, Path.Combine(vendor, fileName)))
            {
                copied++;
            }
        }

        foreach (var (fileName, (package, lockFile)) in locked)
        {
            var source = Verified(packagesFolder, package, lockFile);
            if (CopyIfDifferent(source, Path.Combine(vendor, fileName)))
            {
                copied++;
            }
        }

        var removed = 0;
        foreach (var file in Directory.EnumerateFiles(vendor, "*.nupkg", SearchOption.TopDirectoryOnly))
        {
            if (!locked.ContainsKey(Path.GetFileName(file)) && !additional.ContainsKey(Path.GetFileName(file)))
            {
                File.Delete(file);
                removed++;
            }
        }

        Log.LogMessage(MessageImportance.High, "HermeticVendor: {0} packages in '{1}' ({2} copied, {3} removed).", locked.Count + additional.Count, vendor, copied, removed);
        return [.. locked.Keys.Concat(additional.Keys).Order(StringComparer.Ordinal).Select(name => Path.Combine(vendor, name))];
    }

    /// <summary>The package's .nupkg in the packages folder, after checking it is the locked one: NuGet's
    /// content hash of it (.nupkg.metadata) equals the lock's, and its bytes match the SHA-512 NuGet recorded
    /// when it extracted them (.nupkg.sha512).</summary>
    private string Verified(string packagesFolder, LockedPackage package, string lockFile)
    {
        var id = package.Id.ToLowerInvariant();
        var version = package.Resolved!.ToLowerInvariant();
        var folder = Path.Combine(packagesFolder, id, version);
        var nupkg = Path.Combine(folder, id + "." + version + ".nupkg");
        var metadata = Path.Combine(folder, ".nupkg.metadata");
        var sha512 = nupkg + ".sha512";
        if (!File.Exists(nupkg) || !File.Exists(metadata) || !File.Exists(sha512))
        {
            throw new HermeticInputException(new SourceLocation(lockFile),
                $"{package.Id} {package.Resolved} is not in the packages folder '{packagesFolder}'; restore the repository first (dotnet restore, or dotnet msbuild -restore -t:HermeticVendor)");
        }

        string? contentHash;
        using (var document = JsonDocument.Parse(File.ReadAllBytes(metadata)))
        {
            contentHash = document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("contentHash", out var hash)
                ? hash.GetString()
                : null;
        }

        if (!string.Equals(contentHash, package.ContentHash, StringComparison.Ordinal))
        {
            throw new HermeticInputException(new SourceLocation(lockFile),
                $"{package.Id} {package.Resolved} in the packages folder has content hash '{contentHash}', not the locked '{package.ContentHash}'; delete '{folder}' and restore again");
        }

        return VerifiedByChecksum(nupkg);
    }

    /// <summary>The .nupkg, after checking its bytes match the SHA-512 NuGet wrote beside it when it extracted the package.</summary>
    private string VerifiedByChecksum(string nupkg)
    {
        var sha512 = nupkg + ".sha512";
        if (!File.Exists(nupkg) || !File.Exists(sha512))
        {
            throw new HermeticInputException(new SourceLocation(nupkg), "the package is not in the packages folder (or has no .sha512 beside it); restore the repository first");
        }

        if (!string.Equals(File.ReadAllText(sha512).Trim(), FileHash.Sha512Base64(BuildEngine, nupkg), StringComparison.Ordinal))
        {
            throw new HermeticInputException(new SourceLocation(nupkg),
                $"the file changed after NuGet extracted it (its SHA-512 differs from '{sha512}'); delete '{Path.GetDirectoryName(nupkg)}' and restore again");
        }

        return nupkg;
    }

    /// <summary>Copies through a temporary file and a rename; a file that already has these bytes is left alone.</summary>
    private bool CopyIfDifferent(string source, string destination)
    {
        if (File.Exists(destination) && new FileInfo(destination).Length == new FileInfo(source).Length
            && FileHash.Sha512Base64(destination) == FileHash.Sha512Base64(BuildEngine, source))
        {
            return false;
        }

        var temporary = destination + "." + Guid.NewGuid().ToString("N")[..12] + ".tmp";
        try
        {
            File.Copy(source, temporary, overwrite: false);
            File.Move(temporary, destination, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }

        return true;
    }

    /// <summary>The packages of hermetic.lock.json (SDK packages, PackageDownload packs, local tools: what NuGet
    /// fetches outside packages.lock.json), all extracted into the packages folder like locked packages.</summary>
    private static IEnumerable<LockedPackage> HermeticLockPackages(string path) =>
        HermeticLockFile.Load(path).Entries.Select(e => new LockedPackage(HermeticLockFile.FileName, e.Id, e.Kind, null, e.Version, e.ContentHash));

    /// <summary>Every packages.lock.json (and packages.&lt;project&gt;.lock.json) of the repository, in a stable order,
    /// outside build output, hidden folders and the vendor folder.</summary>
    private static List<string> LockFiles(string root, string vendor)
    {
        var found = new List<string>();
        var pending = new Stack<string>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var directory = pending.Pop();
            foreach (var file in Directory.EnumerateFiles(directory, "packages*.lock.json"))
            {
                var name = Path.GetFileName(file);
                if (name == "packages.lock.json" || (name.StartsWith("packages.", StringComparison.Ordinal) && name.EndsWith(".lock.json", StringComparison.Ordinal)))
                {
                    found.Add(file);
                }
            }

            foreach (var child in Directory.EnumerateDirectories(directory))
            {
                var name = Path.GetFileName(child);
                if (!name.StartsWith('.') && !SkippedFolders.Contains(name) && !PathComparison.Equal(child, vendor)
                    && (File.GetAttributes(child) & FileAttributes.ReparsePoint) == 0)
                {
                    pending.Push(child);
                }
            }
        }

        found.Sort(StringComparer.Ordinal);
        return found;
    }
}
