using Hermetic.Build.Core;
using Hermetic.Build.MSBuildFiles;
using Microsoft.Build.Framework;

namespace Hermetic.Build.Locks;

/// <summary>
/// HB1002: a floating version (<c>*</c>) in a PackageReference (Version or VersionOverride), a
/// PackageVersion or a GlobalPackageReference, pointing at the element that declares it. HB1001 (the
/// packages.lock.json half): in CI, a project with PackageReferences has no packages.lock.json.
/// Runs when restore collects the project, so that a floating version is named before NuGet resolves it.
/// </summary>
public sealed class CheckLockFiles : ProjectFilesTask
{
    private static readonly string[] VersionedItems = ["PackageReference", "PackageVersion", "GlobalPackageReference"];

    /// <summary>@(PackageReference) as evaluated (Version and VersionOverride metadata).</summary>
    public ITaskItem[] PackageReferences { get; set; } = [];

    /// <summary>@(PackageVersion) as evaluated.</summary>
    public ITaskItem[] PackageVersions { get; set; } = [];

    /// <summary>@(GlobalPackageReference) as evaluated.</summary>
    public ITaskItem[] GlobalPackageReferences { get; set; } = [];

    /// <summary>The project's packages.lock.json path (NuGet's NuGetLockFilePath rule).</summary>
    public string? LockFile { get; set; }

    /// <summary><c>$(HermeticCI)</c>.</summary>
    public bool ContinuousIntegration { get; set; }

    /// <summary><c>$(HermeticCIReason)</c>: why the build is in CI mode, for the messages that depend on it.</summary>
    public string? ContinuousIntegrationReason { get; set; }

    protected override string CheckName => "lock file";

    protected override void Run()
    {
        var declared = new List<(string Kind, string Id, string Version, SourceLocation Location)>();
        foreach (var (file, element) in ElementsInEvaluationOrder())
        {
            var kind = element.Name.LocalName;
            if (!VersionedItems.Contains(kind, StringComparer.Ordinal) || element.Parent?.Name.LocalName != "ItemGroup")
            {
                continue;
            }

            var id = (element.Attribute("Include") ?? element.Attribute("Update"))?.Value.Trim() ?? string.Empty;
            foreach (var name in new[] { "Version", "VersionOverride" })
            {
                var value = element.Attribute(name)?.Value ?? element.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value;
                if (value is not null)
                {
                    declared.Add((kind, id, value.Trim(), file.LocationOf(element)));
                }
            }
        }

        // One report per package: a GlobalPackageReference is also a PackageVersion once evaluated.
        var reported = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (kind, id, version, location) in declared.Where(d => IsFloating(d.Version)))
        {
            if (reported.Add(id))
            {
                Report(HermeticDiagnostics.FloatingVersion, location, kind, id, version);
            }
        }

        // Floating versions that came through a property: point at the declaring element, else the project.
        foreach (var (kind, items) in new[] { ("PackageReference", PackageReferences), ("PackageVersion", PackageVersions), ("GlobalPackageReference", GlobalPackageReferences) })
        {
            foreach (var item in items)
            {
                var version = new[] { item.GetMetadata("VersionOverride"), item.GetMetadata("Version") }.FirstOrDefault(IsFloating);
                if (version is null || !reported.Add(item.ItemSpec))
                {
                    continue;
                }

                var where = declared.FirstOrDefault(d => d.Kind == kind && string.Equals(d.Id, item.ItemSpec, StringComparison.OrdinalIgnoreCase));
                Report(HermeticDiagnostics.FloatingVersion, where.Kind is null ? new SourceLocation(ProjectFile) : where.Location, kind, item.ItemSpec, version);
            }
        }

        if (ContinuousIntegration && PackageReferences.Length > 0 && !string.IsNullOrEmpty(LockFile) && !File.Exists(LockFile))
        {
            var project = Path.GetFileName(ProjectFile);
            Report(HermeticDiagnostics.LockFileMissing, new SourceLocation(ProjectFile), $"Project '{project}' has PackageReferences but",
                $"'{Path.GetFileName(LockFile)}' beside it", "the lock file it writes", CIReason(ContinuousIntegrationReason));
        }
    }

    /// <summary>Why the build is in CI mode, as the messages say it.</summary>
    internal static string CIReason(string? reason) => string.IsNullOrWhiteSpace(reason) ? "HermeticCI is 'true'" : reason.Trim();

    private static bool IsFloating(string? version) => !string.IsNullOrEmpty(version) && version.Contains('*');
}
