using System.Text.RegularExpressions;
using Hermetic.Build.Core;
using Hermetic.Build.MSBuildFiles;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using NuGet.Configuration;

namespace Hermetic.Build.Sources;

/// <summary>
/// HB2001–HB2005: the project's effective NuGet configuration, read with NuGet.Configuration as
/// restore reads it (every nuget.config from the project folder up, the user- and machine-level
/// files, <c>&lt;clear /&gt;</c>, disabled sources, and the <c>RestoreSources</c>,
/// <c>RestoreAdditionalProjectSources</c> and <c>RestoreFallbackFolders</c> properties), checked
/// against the repository: sources are folders inside it or allow-listed https URLs, its configs
/// clear what machines add, several sources are mapped, no credential is committed, no fallback
/// folder. Runs in the restore pass, before NuGet contacts any source, and in the build pass.
/// </summary>
public sealed partial class CheckPackageSources : ProjectFilesTask
{
    private const string PackageSources = "packageSources";

    /// <summary><c>$(HermeticAllowedSources)</c>: <c>;</c>-separated URLs allowed besides folders inside the repository.</summary>
    public string? AllowedSources { get; set; }

    public string? RestoreSources { get; set; }

    public string? RestoreAdditionalProjectSources { get; set; }

    public string? RestoreFallbackFolders { get; set; }

    public string? RestoreAdditionalProjectFallbackFolders { get; set; }

    public string? RestoreAdditionalProjectFallbackFoldersExcludes { get; set; }

    /// <summary><c>$(RestoreConfigFile)</c>: a config file named on the command line replaces the hierarchy.</summary>
    public string? RestoreConfigFile { get; set; }

    /// <summary><c>$(RestoreRootConfigDirectory)</c>: where NuGet starts looking for nuget.config (else the project folder).</summary>
    public string? RestoreRootConfigDirectory { get; set; }

    /// <summary>The packages the project restores by name (PackageReference, PackageDownload): each must be mapped when there are several sources.</summary>
    public ITaskItem[] PackageIds { get; set; } = [];

    /// <summary>The nuget.config files NuGet read: inputs of the next build's up-to-date check.</summary>
    [Output]
    public ITaskItem[] ConfigFiles { get; private set; } = [];

    /// <summary>Where a nuget.config would be read if it existed: one appearing there changes the configuration.</summary>
    [Output]
    public ITaskItem[] ConfigProbes { get; private set; } = [];

    /// <summary>The folder feeds of the repository among the sources (full paths, trailing separator): the next
    /// build's up-to-date check lists their packages, so a changed listing checks them again.</summary>
    [Output]
    public ITaskItem[] FeedFolders { get; private set; } = [];

    protected override string CheckName => "package source";

    [GeneratedRegex(@"^\s*(%[^%\s]+%\s*)+$", RegexOptions.CultureInvariant)]
    private static partial Regex EnvironmentReferencesOnly();

    protected override void Run()
    {
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(RepositoryRoot)) + Path.DirectorySeparatorChar;
        var projectDirectory = Path.GetDirectoryName(Path.GetFullPath(ProjectFile))!;
        var configRoot = string.IsNullOrWhiteSpace(RestoreRootConfigDirectory) ? projectDirectory : Path.GetFullPath(RestoreRootConfigDirectory, projectDirectory);
        var configFile = string.IsNullOrWhiteSpace(RestoreConfigFile) ? null : Path.GetFullPath(RestoreConfigFile, projectDirectory);

        var configuration = EffectiveConfiguration.Load(BuildEngine, configRoot, configFile);
        ConfigFiles = [.. configuration.ConfigFiles.Select(f => (ITaskItem)new TaskItem(f.Path))];
        ConfigProbes = [.. configuration.Probes.Select(p => (ITaskItem)new TaskItem(p))];
        var repositoryConfigs = configuration.ConfigFiles.Where(f => IsInside(f.Path, root)).ToList();

        CheckInheritance(configuration, repositoryConfigs, root);
        CheckCredentials(repositoryConfigs);

        var sources = EffectiveSources(configuration, projectDirectory);
        var allowed = SourceRules.AllowedUrls(AllowedSources);
        foreach (var source in sources)
        {
            CheckSource(source, allowed, root);
        }

        CheckMapping(configuration, sources, repositoryConfigs);
        CheckFallbackFolders(configuration, projectDirectory);
        CheckFeedPackages(sources, root);
    }

    /// <summary>HB2006: every package of a folder feed inside the repository is readable, before NuGet reads it.</summary>
    private void CheckFeedPackages(IReadOnlyList<EffectiveSource> sources, string root)
    {
        var feeds = sources.Where(s => s.Address.Kind == PackageSourceKind.Folder && s.Address.IsInside(root))
            .GroupBy(s => PathComparison.AsFolder(s.Address.FolderPath!), PathComparison.Comparer)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToList();
        FeedFolders = [.. feeds.Select(f => (ITaskItem)new TaskItem(f.Key))];
        foreach (var feed in feeds)
        {
            var source = feed.First();
            foreach (var nupkg in FeedPackages.Find(feed.Key))
            {
                var problem = FeedPackages.Problem(BuildEngine, nupkg);
                if (problem.Length > 0)
                {
                    Report(HermeticDiagnostics.UnreadableFeedPackage, new SourceLocation(nupkg), nupkg, feed.Key, source.Origin, problem);
                }
            }
        }
    }

    /// <summary>HB2002: the repository's configs must exist and clear what user- and machine-level files add.</summary>
    private void CheckInheritance(EffectiveConfiguration configuration, List<NuGetConfigFile> repositoryConfigs, string root)
    {
        var outside = configuration.ConfigFiles.Where(f => !IsInside(f.Path, root)).Select(f => f.Path).ToList();
        var outsideText = outside.Count == 0 ? "none on this machine now, but any machine may have them" : string.Join(", ", outside);
        if (repositoryConfigs.Count == 0)
        {
            Report(HermeticDiagnostics.SourcesInherited, new SourceLocation(ProjectFile), "The repository has no nuget.config that applies to this project", outsideText);
            return;
        }

        if (!repositoryConfigs.Any(f => f.Clears(PackageSources)))
        {
            var nearest = repositoryConfigs[0];
            var at = nearest.SectionElement(PackageSources)?.Location ?? nearest.Entries.FirstOrDefault()?.Location ?? new SourceLocation(nearest.Path);
            Report(HermeticDiagnostics.SourcesInherited, at,
                $"No nuget.config of the repository starts its <packageSources> with <clear /> ({string.Join(", ", repositoryConfigs.Select(f => f.Path))})", outsideText);
        }
    }

    /// <summary>HB2004: passwords in packageSourceCredentials, and user-info in source URLs, of the repository's configs.</summary>
    private void CheckCredentials(List<NuGetConfigFile> repositoryConfigs)
    {
        foreach (var file in repositoryConfigs)
        {
            foreach (var entry in file.Entries.Where(e => e.Section.StartsWith("packageSourceCredentials/", StringComparison.OrdinalIgnoreCase) && e.Key is not null))
            {
                var isSecret = entry.Key!.Equals("Password", StringComparison.OrdinalIgnoreCase) || entry.Key.Equals("ClearTextPassword", StringComparison.OrdinalIgnoreCase);
                // A value made only of %NAME% references names an environment variable: no secret is committed.
                if (isSecret && !string.IsNullOrEmpty(entry.Value) && !EnvironmentReferencesOnly().IsMatch(entry.Value))
                {
                    Report(HermeticDiagnostics.CredentialInConfig, entry.Location, entry.Key, entry.Section["packageSourceCredentials/".Length..]);
                }
            }

            foreach (var entry in file.In(PackageSources).Where(e => e.Value is not null))
            {
                if (Uri.TryCreate(entry.Value!.Trim(), UriKind.Absolute, out var uri) && !uri.IsFile && uri.UserInfo.Length > 0
                    && !EnvironmentReferencesOnly().IsMatch(uri.UserInfo.Replace(":", string.Empty, StringComparison.Ordinal)))
                {
                    Report(HermeticDiagnostics.CredentialInConfig, entry.Location, "value", entry.Key);
                }
            }
        }
    }

    private void CheckSource(EffectiveSource source, HashSet<string> allowed, string root)
    {
        var address = source.Address;
        var name = source.Name is null || source.Name == address.Value ? $"'{address.Value}'" : $"'{source.Name}' ('{address.Value}')";
        switch (SourceRules.Judge(address, allowed, root))
        {
            case SourceVerdict.Allowed:
                return;
            case SourceVerdict.FolderOutsideRepository:
                Report(HermeticDiagnostics.FolderOutsideRepository, source.Location, "The package source folder", address.FolderPath, source.Origin,
                    "it lies outside the repository (" + root + "). Copy its packages into a folder of the repository (HermeticVendor writes one: dotnet msbuild -t:HermeticVendor) and point the source at that folder.");
                return;
            case SourceVerdict.HttpsNotAllowed:
                Report(HermeticDiagnostics.SourceNotAllowed, source.Location, name, source.Origin, "is not listed in HermeticAllowedSources");
                return;
            case SourceVerdict.PlainHttp:
                Report(HermeticDiagnostics.SourceNotAllowed, source.Location, name, source.Origin,
                    allowed.Contains(address.NormalizedUrl!)
                        ? "is plain http: anyone on the network path can change the packages it serves, so it is refused even though HermeticAllowedSources lists it; use its https address"
                        : "is plain http, which anyone on the network path can tamper with, and is not listed in HermeticAllowedSources");
                return;
            default:
                Report(HermeticDiagnostics.SourceNotAllowed, source.Location, name, source.Origin, "is neither a folder of the repository nor an https URL");
                return;
        }
    }

    /// <summary>HB2003: several sources need a mapping that covers every package restored by name.</summary>
    private void CheckMapping(EffectiveConfiguration configuration, IReadOnlyList<EffectiveSource> sources, List<NuGetConfigFile> repositoryConfigs)
    {
        if (sources.Count < 2)
        {
            return;
        }

        var names = string.Join(", ", sources.Select(s => s.Name ?? s.Address.Value));
        var at = sources[0].Location;
        var mapping = configuration.Mapping;
        if (!mapping.IsEnabled)
        {
            var nearest = repositoryConfigs.FirstOrDefault();
            var sectionAt = nearest?.SectionElement(PackageSources)?.Location;
            Report(HermeticDiagnostics.SourcesUnmapped, sectionAt ?? at, sources.Count, names, "no package source mapping is configured");
            return;
        }

        foreach (var id in PackageIds.Select(i => i.ItemSpec).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase))
        {
            if (mapping.GetConfiguredPackageSources(id).Count == 0)
            {
                Report(HermeticDiagnostics.SourcesUnmapped, at, sources.Count, names, $"the package '{id}' matches no pattern of the package source mapping");
            }
        }
    }

    /// <summary>HB2005: any fallback folder (of the configs, or of the properties).</summary>
    private void CheckFallbackFolders(EffectiveConfiguration configuration, string projectDirectory)
    {
        const string Why = "NuGet takes packages found in a fallback folder as they are, without fetching them from a source or checking them. Remove it (<fallbackPackageFolders><clear /></fallbackPackageFolders> in the repository's nuget.config, no RestoreFallbackFolders or RestoreAdditionalProjectFallbackFolders) so that every package is restored from the allowed sources.";
        var fromProperty = Split(RestoreFallbackFolders);
        IEnumerable<(string Folder, SourceLocation Location, string Origin)> folders;
        if (fromProperty.Count > 0)
        {
            var (location, origin) = PropertyOrigin(nameof(RestoreFallbackFolders));
            folders = AfterClear(fromProperty).Select(f => (Path.GetFullPath(f, projectDirectory), location, origin));
        }
        else
        {
            folders = configuration.FallbackFolders.Select(f => (f.Folder, f.Entry?.Location ?? new SourceLocation(ProjectFile), f.Entry is null ? "the NuGet configuration" : $"nuget.config '{f.Entry.File}'"));
        }

        var excludes = new HashSet<string>(Split(RestoreAdditionalProjectFallbackFoldersExcludes).Select(f => Path.GetFullPath(f, projectDirectory)), StringComparer.Ordinal);
        var additional = Split(RestoreAdditionalProjectFallbackFolders).Select(f => Path.GetFullPath(f, projectDirectory)).Where(f => !excludes.Contains(f)).ToList();
        if (additional.Count > 0)
        {
            var (location, origin) = PropertyOrigin(nameof(RestoreAdditionalProjectFallbackFolders));
            folders = folders.Concat(additional.Select(f => (f, location, origin)));
        }

        foreach (var (folder, location, origin) in folders)
        {
            Report(HermeticDiagnostics.FolderOutsideRepository, location, "The fallback folder", folder, origin, Why);
        }
    }

    /// <summary>The sources restore uses: <c>RestoreSources</c> when set (it replaces the configs' sources), else the configs'
    /// enabled sources; then <c>RestoreAdditionalProjectSources</c>.</summary>
    private List<EffectiveSource> EffectiveSources(EffectiveConfiguration configuration, string projectDirectory)
    {
        var sources = new List<EffectiveSource>();
        var restoreSources = AfterClear(Split(RestoreSources));
        if (Split(RestoreSources).Count > 0)
        {
            var (location, origin) = PropertyOrigin(nameof(RestoreSources));
            sources.AddRange(restoreSources.Select(s => new EffectiveSource(null, PackageSourceAddress.Parse(s, projectDirectory), location, origin)));
        }
        else
        {
            foreach (var source in configuration.Sources)
            {
                var location = source.Entry?.Location ?? new SourceLocation(ProjectFile);
                var origin = source.Entry is null ? "the NuGet configuration" : $"nuget.config '{source.Entry.File}'";
                sources.Add(new EffectiveSource(source.Name, source.Address, location, origin));
            }
        }

        var additional = Split(RestoreAdditionalProjectSources);
        if (additional.Count > 0)
        {
            var (location, origin) = PropertyOrigin(nameof(RestoreAdditionalProjectSources));
            sources.AddRange(additional.Select(s => new EffectiveSource(null, PackageSourceAddress.Parse(s, projectDirectory), location, origin)));
        }

        return sources;
    }

    /// <summary>Where a property was set: a global property (<c>-p:</c>) is the command line; else the last
    /// definition among the repository's MSBuild files, else the project.</summary>
    private (SourceLocation Location, string Origin) PropertyOrigin(string property)
    {
        if (BuildEngine is IBuildEngine6 engine6 && engine6.GetGlobalProperties().ContainsKey(property))
        {
            return (new SourceLocation(ProjectFile), $"the global property {property} (-p:{property}=… on the command line)");
        }

        SourceLocation? last = null;
        foreach (var (file, element) in ElementsInEvaluationOrder())
        {
            if (element.Name.LocalName == property && element.Parent?.Name.LocalName == "PropertyGroup")
            {
                last = file.LocationOf(element);
            }
        }

        return last is { } found
            ? (found, $"the property {property} in '{found.File}'")
            : (new SourceLocation(ProjectFile), $"the property {property}");
    }

    private static List<string> Split(string? value) =>
        [.. (value ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    /// <summary>NuGet's <c>Clear</c> keyword in a list property drops every entry before it.</summary>
    private static List<string> AfterClear(List<string> values)
    {
        var last = values.FindLastIndex(v => v.Equals("clear", StringComparison.OrdinalIgnoreCase));
        return last < 0 ? values : values.Skip(last + 1).ToList();
    }

    private static bool IsInside(string path, string root) =>
        PathComparison.StartsWith(Path.GetFullPath(path), root);

    private sealed record EffectiveSource(string? Name, PackageSourceAddress Address, SourceLocation Location, string Origin);
}
