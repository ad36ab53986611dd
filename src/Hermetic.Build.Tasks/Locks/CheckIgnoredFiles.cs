using Hermetic.Build.Core;
using Hermetic.Build.Sources;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Hermetic.Build.Locks;

/// <summary>
/// HB1008 at build time: a file this project's build relies on is ignored by git, so it is never
/// committed and only this work tree has it. Checks the project's lock file, hermetic.lock.json,
/// the generator stamp, and the packages of HermeticVendorDirectory and of every folder package
/// source inside the repository. Files merely untracked are left to the user (the first build
/// writes the locks before they are committed); VerifyHermetic reports those too.
/// </summary>
public sealed class CheckIgnoredFiles : HermeticTask
{
    [Required]
    public string RepositoryRoot { get; set; } = string.Empty;

    public string ProjectFile { get; set; } = string.Empty;

    public string? PackagesLockFile { get; set; }

    public string? HermeticLockFile { get; set; }

    public string? GeneratorStampFile { get; set; }

    public string? VendorDirectory { get; set; }

    /// <summary><c>$(RestoreConfigFile)</c>: with the project's folder, which nuget.config files apply.</summary>
    public string? RestoreConfigFile { get; set; }

    /// <summary>The ignore files read and the files checked, for the gate's up-to-date check.</summary>
    [Output]
    public ITaskItem[] FilesRead { get; private set; } = [];

    protected override string CheckName => "ignored files";

    protected override void Run()
    {
        var root = Path.GetFullPath(RepositoryRoot);
        var candidates = new List<ReliedOnFile>();
        Add(candidates, PackagesLockFile, "the project's lock file");
        Add(candidates, HermeticLockFile, "the repository's lock of packages NuGet fetches outside packages.lock.json");
        Add(candidates, GeneratorStampFile, "the stamp of the project's generators");
        if (!string.IsNullOrEmpty(VendorDirectory))
        {
            candidates.AddRange(ReliedOnFiles.PackagesOf(Path.GetFullPath(VendorDirectory, root), "a package of HermeticVendorDirectory"));
        }

        var projectDirectory = string.IsNullOrEmpty(ProjectFile) ? root : Path.GetDirectoryName(Path.GetFullPath(ProjectFile))!;
        var configuration = EffectiveConfiguration.Load(BuildEngine, projectDirectory, string.IsNullOrEmpty(RestoreConfigFile) ? null : RestoreConfigFile);
        foreach (var source in configuration.Sources)
        {
            if (source.Address.FolderPath is { } folder && source.Address.IsInside(root))
            {
                candidates.AddRange(ReliedOnFiles.PackagesOf(folder, $"a package of the folder package source '{source.Name}'"));
            }
        }

        var ignoreFiles = new List<string>();
        var found = ReliedOnFiles.Find(root, candidates, includeUntracked: false, ignoreFiles);
        // Packages: one report per folder and rule (a '*.nupkg' rule ignores every package of a feed).
        foreach (var group in found.GroupBy(f => (Folder: f.File.Path.EndsWith(".nupkg", StringComparison.Ordinal) ? Path.GetDirectoryName(f.File.Path) : f.File.Path, f.Rule)))
        {
            var first = group.First();
            var args = ReliedOnFiles.Describe(first, root);
            if (group.Count() > 1)
            {
                args[1] = $"{args[1]}; and {group.Count() - 1} more package(s) of that folder";
            }

            var location = first.Rule is { } rule ? new SourceLocation(rule.File, rule.Line) : new SourceLocation(first.File.Path);
            ReportOnce(first.File.Path + "|" + first.Rule?.Describe(root), ReliedOnFileNotCommitted, location, args);
        }

        FilesRead = [.. ignoreFiles.Concat(candidates.Select(c => c.Path)).Where(File.Exists).Distinct(StringComparer.Ordinal).Select(p => new TaskItem(p))];
    }

    private static HermeticDiagnostic ReliedOnFileNotCommitted => HermeticDiagnostics.ReliedOnFileNotCommitted;

    /// <summary>The repository's files (hermetic.lock.json, the vendor folder) are the same for every project: said once per build process.</summary>
    private void ReportOnce(string key, HermeticDiagnostic diagnostic, SourceLocation location, object[] args)
    {
        var said = BuildCache.GetOrCreate(BuildEngine, "hb1008-reported", () => new System.Collections.Concurrent.ConcurrentDictionary<string, bool>(StringComparer.Ordinal));
        if (said.TryAdd(key, true))
        {
            Report(diagnostic, location, args);
        }
    }

    private static void Add(List<ReliedOnFile> candidates, string? path, string what)
    {
        if (!string.IsNullOrWhiteSpace(path))
        {
            candidates.Add(new ReliedOnFile(path, what));
        }
    }
}
