using Hermetic.Build.SourceControl;
using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Hermetic.Build.Core;
using Hermetic.Build.Locks;
using Microsoft.Build.Framework;

namespace Hermetic.Build.Manifest;

/// <summary>
/// Writes the manifest of one Build, Pack or Publish (docs/manifest.md): the outputs
/// with their SHA-256 and size, the locked packages, the toolchain and the commit, as canonical
/// JSON, atomically. With a signing key, also the DSSE envelope of its SLSA provenance beside it.
/// </summary>
public sealed class WriteBuildManifest : HermeticTask
{
    /// <summary>Where to write the manifest.</summary>
    [Required]
    public string ManifestPath { get; set; } = string.Empty;

    /// <summary><c>$(HermeticRoot)</c>: the project and lock file paths are relative to it.</summary>
    [Required]
    public string RepositoryRoot { get; set; } = string.Empty;

    [Required]
    public string ProjectFile { get; set; } = string.Empty;

    /// <summary>Build, Pack or Publish (named in the provenance).</summary>
    public string BuildTarget { get; set; } = "Build";

    public string TargetFramework { get; set; } = string.Empty;

    public string Configuration { get; set; } = string.Empty;

    public string SdkVersion { get; set; } = string.Empty;

    public string MSBuildVersion { get; set; } = string.Empty;

    /// <summary><c>$(SourceRevisionId)</c> when the SDK's source control targets set it; else git is asked.</summary>
    public string? SourceRevisionId { get; set; }

    /// <summary>Hermetic.Build.Source.proj: asked through the engine, so one build decides the dirty flag once (<see cref="SourceState"/>).</summary>
    public string? SourceStateProject { get; set; }

    /// <summary>The task assembly that project loads (the one this build uses).</summary>
    public string? SourceStateTasksAssembly { get; set; }

    /// <summary>The project's packages.lock.json (it need not exist).</summary>
    public string? LockFile { get; set; }

    /// <summary>Lists only the lock's packages of this framework when the lock has a target of that name; empty: all.</summary>
    public string? LockTargetFramework { get; set; }

    /// <summary>The files the manifest lists; paths become relative to the manifest's folder.</summary>
    public ITaskItem[] Outputs { get; set; } = [];

    /// <summary>A file that remembers the hashes of the last run by path, size and write time, so
    /// only changed outputs are hashed again.</summary>
    public string? HashCacheFile { get; set; }

    /// <summary>A PEM file holding the signing key.</summary>
    public string? SigningKeyFile { get; set; }

    /// <summary>The name of the property that holds the PEM text of the signing key. The key is looked
    /// up in the build's global properties, then the environment, so that its text never passes
    /// through a task parameter (MSBuild logs those at diagnostic verbosity).</summary>
    public string? SigningKeyVariable { get; set; }

    public string? BuilderId { get; set; }

    /// <summary><c>@(HermeticVerifyExclude)</c>: files of the repository's own left out (glob relative to RepositoryRoot, Reason).</summary>
    public ITaskItem[] Exclusions { get; set; } = [];

    /// <summary>A test project's output folder: the built-in exclusions apply to files directly in it (never set for Pack or Publish).</summary>
    public string? TestProjectOutputDirectory { get; set; }

    /// <summary>Files written beside the outputs that the signed provenance names as byproducts with
    /// their SHA-256 (the SBOM), so that they verify with the outputs.</summary>
    public ITaskItem[] Byproducts { get; set; } = [];

    [Output]
    public string ManifestFile { get; private set; } = string.Empty;

    /// <summary>The DSSE envelope written (empty when not signing).</summary>
    [Output]
    public string EnvelopeFile { get; private set; } = string.Empty;

    protected override string CheckName => "build manifest";

    protected override void Run()
    {
        var manifestPath = Path.GetFullPath(ManifestPath);
        var manifestDirectory = Path.GetDirectoryName(manifestPath)!;
        var root = Path.GetFullPath(RepositoryRoot);
        var envelopePath = manifestPath + ".intoto.json";

        var files = Outputs
            .Select(item => Path.GetFullPath(item.GetMetadata("FullPath") is { Length: > 0 } full ? full : item.ItemSpec))
            .Where(path => !PathEquals(path, manifestPath) && !PathEquals(path, envelopePath) && File.Exists(path))
            .Distinct(PathComparison.Comparer)
            .ToList();
        files = LeaveOutExcluded(files, root);
        var outputs = HashOutputs(files, manifestDirectory);

        ManifestLockFile? lockFile = null;
        var packages = new List<ManifestPackage>();
        if (!string.IsNullOrEmpty(LockFile) && File.Exists(LockFile))
        {
            var lockPath = Path.GetFullPath(LockFile);
            lockFile = new ManifestLockFile(Relative(root, lockPath), FileHash.Sha256Hex(BuildEngine, lockPath));
            var locked = BuildCache.GetForFile(BuildEngine, "packages-lock", lockPath, PackagesLockFile.Load);
            packages.AddRange(LockedPackages(locked, LockTargetFramework).Select(p => new ManifestPackage(p.Id, p.Resolved!, p.ContentHash!)));
        }

        var source = SourceState.For(BuildEngine, root, SourceRevisionId, SourceStateProject, SourceStateTasksAssembly);
        var manifest = new BuildManifest(
            Relative(root, Path.GetFullPath(ProjectFile)),
            TargetFramework,
            Configuration,
            new ManifestToolchain(SdkVersion, MSBuildVersion),
            new ManifestSource(source.Commit, source.Dirty),
            lockFile,
            packages,
            outputs);

        var bytes = manifest.ToCanonicalBytes();
        AtomicFile.WriteAllBytes(manifestPath, bytes);
        ManifestFile = manifestPath;
        Log.LogMessage(MessageImportance.Low, "Hermetic.Build: wrote the manifest {0} ({1} outputs, {2}).", manifestPath, manifest.Outputs.Count, manifest.Digest);

        using var key = LoadSigningKey();
        if (key is null)
        {
            // An envelope from an earlier signed build would describe other outputs.
            if (File.Exists(envelopePath))
            {
                File.Delete(envelopePath);
            }

            return;
        }

        var byproducts = Byproducts
            .Where(item => !string.IsNullOrWhiteSpace(item.ItemSpec))
            .Select(item => Path.GetFullPath(item.ItemSpec))
            .Select(path => File.Exists(path)
                ? new ProvenanceByproduct(Relative(manifestDirectory, path), Provenance.MediaTypeOf(path), FileHash.Sha256Hex(path))
                : throw new HermeticInputException(new SourceLocation(path), "the provenance is to name this file, which does not exist"))
            .ToList();
        var statement = Provenance.Statement(manifest, BuildTarget, Path.GetFileName(manifestPath), bytes,
            string.IsNullOrWhiteSpace(BuilderId) ? Provenance.DefaultBuilderId : BuilderId.Trim(), byproducts);
        var envelope = Dsse.Sign(Dsse.InTotoPayloadType, CanonicalJson.Serialize(statement), key);
        AtomicFile.WriteAllBytes(envelopePath, CanonicalJson.Serialize(Dsse.ToJson(envelope)));
        EnvelopeFile = envelopePath;
        Log.LogMessage(MessageImportance.Low, "Hermetic.Build: signed the manifest with key {0}: {1}.", envelope.Signatures[0].KeyId, envelopePath);
    }

    /// <summary>The outputs VerifyHermetic leaves out of its comparison, left out of the manifest the same way (its digest then agrees).</summary>
    private List<string> LeaveOutExcluded(List<string> files, string root)
    {
        var exclusions = OutputExclusions.FromItems(Exclusions, ProjectFile);
        var testOutput = string.IsNullOrEmpty(TestProjectOutputDirectory) ? null : Path.TrimEndingDirectorySeparator(Path.GetFullPath(TestProjectOutputDirectory));
        var kept = new List<string>(files.Count);
        foreach (var file in files)
        {
            var relative = Relative(root, file);
            var inTestOutput = testOutput is not null && PathEquals(Path.GetDirectoryName(file)!, testOutput);
            var reason = exclusions.ReasonFor(relative.StartsWith("../", StringComparison.Ordinal) ? null : relative, Path.GetFileName(file), inTestOutput);
            if (reason is null)
            {
                kept.Add(file);
            }
            else
            {
                Log.LogMessage(MessageImportance.Normal, "Hermetic.Build: {0} is left out of the manifest ({1}).", relative, reason);
            }
        }

        return kept;
    }

    /// <summary>The lock's packages (each id and version once) of one framework, or of every target.</summary>
    public static IReadOnlyList<LockedPackage> LockedPackages(PackagesLockFile lockFile, string? targetFramework)
    {
        var entries = lockFile.Entries.Where(e => !e.IsProject && e.Resolved is not null && e.ContentHash is not null).ToList();
        if (!string.IsNullOrEmpty(targetFramework)
            && entries.Any(e => TargetFrameworkOf(e.Target).Equals(targetFramework, StringComparison.OrdinalIgnoreCase)))
        {
            entries = entries.Where(e => TargetFrameworkOf(e.Target).Equals(targetFramework, StringComparison.OrdinalIgnoreCase)).ToList();
        }

        return entries
            .GroupBy(e => (Id: e.Id.ToLowerInvariant(), Version: e.Resolved!.ToLowerInvariant()))
            .Select(g => g.First())
            .ToList();
    }

    private static string TargetFrameworkOf(string target)
    {
        var slash = target.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? target : target[..slash];
    }

    private List<ManifestOutput> HashOutputs(List<string> files, string manifestDirectory)
    {
        var previous = ReadHashCache();
        var results = new ConcurrentDictionary<string, (FileInfo Info, string Sha256)>(StringComparer.Ordinal);
        var misses = new List<FileInfo>();
        foreach (var file in files)
        {
            var info = new FileInfo(file);
            if (previous.TryGetValue(file, out var cached) && cached.Size == info.Length && cached.Ticks == info.LastWriteTimeUtc.Ticks)
            {
                results[file] = (info, cached.Sha256);
            }
            else
            {
                misses.Add(info);
            }
        }

        // Several files at once: hashing is CPU-bound and a build's outputs are mostly small files.
        Parallel.ForEach(misses, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Environment.ProcessorCount) },
            info => results[info.FullName] = (info, FileHash.Sha256Hex(BuildEngine, info.FullName)));

        WriteHashCache(results);
        return results.Select(r => new ManifestOutput(Relative(manifestDirectory, r.Key), r.Value.Sha256, r.Value.Info.Length)).ToList();
    }

    private Dictionary<string, (long Size, long Ticks, string Sha256)> ReadHashCache()
    {
        var cache = new Dictionary<string, (long, long, string)>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(HashCacheFile) || !File.Exists(HashCacheFile))
        {
            return cache;
        }

        foreach (var line in File.ReadAllLines(HashCacheFile))
        {
            // sha256 TAB size TAB ticks TAB path; a line that does not parse is simply not a hit.
            var parts = line.Split('\t', 4);
            if (parts.Length == 4 && BuildManifest.IsSha256Hex(parts[0])
                && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var size)
                && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks))
            {
                cache[parts[3]] = (size, ticks, parts[0]);
            }
        }

        return cache;
    }

    private void WriteHashCache(ConcurrentDictionary<string, (FileInfo Info, string Sha256)> results)
    {
        if (string.IsNullOrEmpty(HashCacheFile))
        {
            return;
        }

        var text = new StringBuilder();
        foreach (var (path, (info, sha256)) in results.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            text.Append(sha256).Append('\t').Append(info.Length.ToString(CultureInfo.InvariantCulture)).Append('\t')
                .Append(info.LastWriteTimeUtc.Ticks.ToString(CultureInfo.InvariantCulture)).Append('\t').Append(path).Append('\n');
        }

        AtomicFile.WriteAllText(HashCacheFile, text.ToString());
    }

    private System.Security.Cryptography.ECDsa? LoadSigningKey()
    {
        if (!string.IsNullOrEmpty(SigningKeyFile))
        {
            if (!File.Exists(SigningKeyFile))
            {
                throw new HermeticInputException(new SourceLocation(SigningKeyFile),
                    $"HermeticSigningKey names the file '{SigningKeyFile}' (a relative path is resolved from HermeticRoot), which does not exist");
            }

            return SigningKey.LoadPrivate(File.ReadAllText(SigningKeyFile), SigningKeyFile);
        }

        if (string.IsNullOrEmpty(SigningKeyVariable))
        {
            return null;
        }

        var pem = (BuildEngine as IBuildEngine6)?.GetGlobalProperties() is { } globals && globals.TryGetValue(SigningKeyVariable, out var global) && !string.IsNullOrEmpty(global)
            ? global
            : Environment.GetEnvironmentVariable(SigningKeyVariable);
        if (string.IsNullOrEmpty(pem))
        {
            throw new HermeticInputException(new SourceLocation(SigningKeyVariable),
                $"{SigningKeyVariable} is set in a project file and is not the path of an existing file; give the key as a file path, or its PEM text as an environment variable or a global property (-p:), which the build does not copy into any file");
        }

        if (!pem.Contains("-----BEGIN", StringComparison.Ordinal))
        {
            throw new HermeticInputException(new SourceLocation(SigningKeyVariable),
                $"{SigningKeyVariable} is neither the path of an existing file nor the PEM text of a key");
        }

        return SigningKey.LoadPrivate(pem, SigningKeyVariable);
    }

    /// <summary><paramref name="path"/> relative to <paramref name="directory"/>, with '/'.</summary>
    public static string Relative(string directory, string path) =>
        Path.GetRelativePath(directory, path).Replace('\\', '/');

    private static bool PathEquals(string a, string b) => PathComparison.Equal(a, b);
}

/// <summary>
/// The commit of HEAD and whether the work tree differs from it, decided once per repository per
/// build. With <c>sharedStateProject</c> (Hermetic.Build.Source.proj) the engine builds that project
/// with no global property but the root, so MSBuild's results cache computes the state at the first
/// request and gives every node of the build the same answer (a per-process cache would let nodes
/// that ask later see files the build wrote meanwhile). Without it (or when the engine cannot build
/// it) it is read once per build process. The commit comes from SourceRevisionId when the SDK's
/// source control targets set it.
/// </summary>
public sealed record SourceState(string? Commit, bool Dirty)
{
    public static SourceState For(IBuildEngine? engine, string root, string? sourceRevisionId, string? sharedStateProject = null, string? tasksAssembly = null)
    {
        var state = BuildCache.GetOrCreate(engine, "source-state:" + root,
            () => Shared(engine, root, sharedStateProject, tasksAssembly) ?? Read(root));
        return string.IsNullOrWhiteSpace(sourceRevisionId) ? state : state with { Commit = sourceRevisionId.Trim() };
    }

    /// <summary>Reads HEAD and the work tree's state now.</summary>
    public static SourceState Read(string root) =>
        Directory.Exists(root) ? new SourceState(Git.ReadHead(root)?.Commit, Git.IsDirty(root)) : new SourceState(null, false);

    private static SourceState? Shared(IBuildEngine? engine, string root, string? project, string? tasksAssembly)
    {
        if (string.IsNullOrEmpty(project) || !File.Exists(project) || engine is not (IBuildEngine3 builder and IBuildEngine6 globals))
        {
            return null;
        }

        // Only these two global properties: every project of the build, whatever its own (Configuration,
        // TargetFramework, the solution's…), asks the same project instance.
        var properties = new Dictionary<string, string> { ["HermeticSourceRoot"] = root };
        if (!string.IsNullOrEmpty(tasksAssembly))
        {
            properties["HermeticBuildTasksAssembly"] = tasksAssembly;
        }

        var inherited = globals.GetGlobalProperties().Keys.Where(key => !properties.ContainsKey(key)).ToList();
        var result = builder.BuildProjectFilesInParallel([project], ["HermeticSourceState"], [properties], [inherited], [null], returnTargetOutputs: true);
        if (!result.Result || result.TargetOutputsPerProject.Count == 0
            || !result.TargetOutputsPerProject[0].TryGetValue("HermeticSourceState", out var items) || items.Length == 0)
        {
            return null;
        }

        var commit = items[0].GetMetadata("Commit");
        return new SourceState(string.IsNullOrEmpty(commit) ? null : commit,
            string.Equals(items[0].GetMetadata("Dirty"), "true", StringComparison.OrdinalIgnoreCase));
    }
}
