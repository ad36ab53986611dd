using System.Globalization;
using Hermetic.Build.Core;
using Hermetic.Build.Locks;
using Hermetic.Build.Manifest;
using Microsoft.Build.Framework;

namespace Hermetic.Build.Sbom;

/// <summary>
/// Writes the CycloneDX 1.7 SBOM of a package (after Pack) or a published application (after
/// Publish), docs/sbom.md: the artefact with its SHA-256, its run-time packages from the lock file
/// with NuGet's content hashes and their licenses from the nuspecs, the dependency graph, and how
/// it was built. Canonical JSON, atomically; unchanged content leaves the file untouched.
/// </summary>
public sealed class WriteSbom : HermeticTask
{
    /// <summary>Where to write the SBOM.</summary>
    [Required]
    public string SbomPath { get; set; } = string.Empty;

    /// <summary>The artefact: the .nupkg, or the published application's entry file; empty (<c>HermeticWriteSbom</c>,
    /// no pack): the SBOM names no artefact hash.</summary>
    public string? ArtefactFile { get; set; }

    /// <summary><c>library</c> (a package) or <c>application</c> (a published application, a tool package).</summary>
    public string ComponentType { get; set; } = "library";

    [Required]
    public string PackageId { get; set; } = string.Empty;

    [Required]
    public string PackageVersion { get; set; } = string.Empty;

    [Required]
    public string RepositoryRoot { get; set; } = string.Empty;

    [Required]
    public string ProjectFile { get; set; } = string.Empty;

    public string Configuration { get; set; } = string.Empty;

    /// <summary>The frameworks the artefact holds (<c>;</c>-separated), as recorded in the formulation.</summary>
    public string TargetFrameworks { get; set; } = string.Empty;

    /// <summary>The lock targets whose packages the artefact carries (<c>net8.0;net8.0/linux-x64</c>); empty: every framework target.</summary>
    public string? LockTargets { get; set; }

    public string SdkVersion { get; set; } = string.Empty;

    public string MSBuildVersion { get; set; } = string.Empty;

    public string? SourceRevisionId { get; set; }

    /// <summary><c>$(SOURCE_DATE_EPOCH)</c>: the SBOM's timestamp (none when empty).</summary>
    public string? SourceDateEpoch { get; set; }

    /// <summary>The project's packages.lock.json (it need not exist: then the artefact has no package dependencies on record).</summary>
    public string? LockFile { get; set; }

    /// <summary>NuGet's project.assets.json: private references and the versions of referenced projects.</summary>
    public string? ProjectAssetsFile { get; set; }

    /// <summary>hermetic.lock.json of the repository (it need not exist).</summary>
    public string? HermeticLockFile { get; set; }

    /// <summary>The packages folders restore used (the nuspecs are read there).</summary>
    public string[] PackageFolders { get; set; } = [];

    /// <summary>Referenced projects as pack resolved them (<c>ProjectVersion</c> metadata): their version wins over restore's.</summary>
    public ITaskItem[] ProjectReferences { get; set; } = [];

    [Output]
    public string SbomFile { get; private set; } = string.Empty;

    protected override string CheckName => "SBOM";

    protected override void Run()
    {
        var sbomPath = Path.GetFullPath(SbomPath);
        var root = Path.GetFullPath(RepositoryRoot);
        var artefact = string.IsNullOrWhiteSpace(ArtefactFile) ? null : Path.GetFullPath(ArtefactFile);
        var sha256 = artefact is not null && File.Exists(artefact) ? FileHash.Sha256Hex(BuildEngine, artefact) : null;

        var assets = !string.IsNullOrEmpty(ProjectAssetsFile) && File.Exists(ProjectAssetsFile)
            ? ProjectAssets.Load(Path.GetFullPath(ProjectAssetsFile))
            : ProjectAssets.Empty;
        assets = WithPackedProjectVersions(assets);

        var folders = PackageFolders.Where(f => !string.IsNullOrWhiteSpace(f)).ToArray();
        ManifestLockFile? lockRecord = null;
        RuntimeDependencies dependencies;
        var packages = new Dictionary<string, PackageDescription>(StringComparer.Ordinal);
        if (!string.IsNullOrEmpty(LockFile) && File.Exists(LockFile))
        {
            var lockPath = Path.GetFullPath(LockFile);
            lockRecord = new ManifestLockFile(WriteBuildManifest.Relative(root, lockPath), FileHash.Sha256Hex(BuildEngine, lockPath));
            var locked = BuildCache.GetForFile(BuildEngine, "packages-lock", lockPath, PackagesLockFile.Load);
            var descriptions = new Dictionary<string, PackageDescription>(StringComparer.Ordinal);
            PackageDescription Describe(string id, string version)
            {
                var key = id.ToLowerInvariant() + "/" + version.ToLowerInvariant();
                if (!descriptions.TryGetValue(key, out var description))
                {
                    descriptions[key] = description = PackageDescription.Read(folders, id, version);
                }

                return description;
            }

            var targets = string.IsNullOrWhiteSpace(LockTargets)
                ? null
                : new HashSet<string>(LockTargets.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Select(Sbom.TargetFrameworks.Normalize), StringComparer.OrdinalIgnoreCase);
            dependencies = RuntimeDependencies.From(locked, assets, Describe, targets);
            foreach (var component in dependencies.Components.Where(c => !c.IsProject))
            {
                packages[component.Key] = Describe(component.Id, component.Version!);
            }

            if (dependencies.Excluded.Count > 0)
            {
                Log.LogMessage(MessageImportance.Low, "Hermetic.Build: development-only packages left out of the SBOM: {0}.",
                    string.Join(", ", dependencies.Excluded));
            }
        }
        else
        {
            var noLock = PackagesLockFile.Parse(sbomPath, "{\"version\":1,\"dependencies\":{}}"u8);
            dependencies = RuntimeDependencies.From(noLock, assets, (_, _) => PackageDescription.Unknown);
        }

        var project = WriteBuildManifest.Relative(root, Path.GetFullPath(ProjectFile));
        var source = SourceState.For(BuildEngine, root, SourceRevisionId);
        var formulation = new SbomFormulation(project, Configuration, TargetFrameworks, SdkVersion, MSBuildVersion,
            source.Commit, source.Dirty, lockRecord, BuildPackages(project));

        long? epoch = null;
        if (!string.IsNullOrWhiteSpace(SourceDateEpoch))
        {
            epoch = long.TryParse(SourceDateEpoch.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
                ? seconds
                : throw new HermeticInputException(new SourceLocation("SOURCE_DATE_EPOCH"), $"'{SourceDateEpoch}' is not a number of seconds since 1970-01-01");
        }

        var subject = new SbomSubject(PackageId, PackageVersion, ComponentType, sha256, Path.GetFileName(artefact));
        var bytes = CycloneDxDocument.Serialize(subject, dependencies, packages, formulation, epoch, Provenance.HermeticBuildVersion);
        AtomicFile.WriteAllBytes(sbomPath, bytes);
        SbomFile = sbomPath;
        Log.LogMessage(MessageImportance.Low, "Hermetic.Build: wrote the SBOM {0} ({1} run-time components).", sbomPath, dependencies.Components.Count);
    }

    private ProjectAssets WithPackedProjectVersions(ProjectAssets assets)
    {
        if (ProjectReferences.Length == 0 || assets.ProjectPaths.Count == 0)
        {
            return assets;
        }

        var comparer = OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
        var versions = new Dictionary<string, string>(assets.ProjectVersions.ToDictionary(p => p.Key, p => p.Value), StringComparer.OrdinalIgnoreCase);
        foreach (var reference in ProjectReferences)
        {
            var path = Path.GetFullPath(reference.ItemSpec);
            var version = reference.GetMetadata("ProjectVersion");
            var id = assets.ProjectPaths.FirstOrDefault(p => comparer.Equals(p.Value, path)).Key;
            if (id is not null && !string.IsNullOrWhiteSpace(version))
            {
                versions[id] = version;
            }
        }

        return assets.WithProjectVersions(versions);
    }

    /// <summary>The hermetic.lock.json entries this project fetches (packs, SDK packages); tools belong to the repository, not to a build.</summary>
    private List<HermeticLockEntry> BuildPackages(string project)
    {
        if (string.IsNullOrEmpty(HermeticLockFile) || !File.Exists(HermeticLockFile))
        {
            return [];
        }

        var lockFile = BuildCache.GetForFile(BuildEngine, "hermetic-lock", Path.GetFullPath(HermeticLockFile), Locks.HermeticLockFile.Load);
        return lockFile.Entries
            .Where(e => e.Kind != ExternalPackageKind.Tool && e.Projects.Contains(project, StringComparer.Ordinal))
            .ToList();
    }
}
