using Hermetic.Build.Sources;

namespace Hermetic.Build.Tool.Init;

/// <summary>What happens to a package source the repository restores from today.</summary>
public enum SourceFate
{
    /// <summary>A folder inside the repository: kept as it is.</summary>
    KeepFolder,

    /// <summary>An https URL: kept, and listed in HermeticAllowedSources.</summary>
    KeepHttps,

    /// <summary>A folder outside the repository, plain http, or another scheme: its packages are vendored, the source removed.</summary>
    Vendor,
}

/// <summary>An enabled source of the effective configuration and what init does with it.</summary>
public sealed record SourceDecision(string Key, string Value, PackageSourceAddress Address, bool InRepositoryConfig, SourceFate Fate, string? Reason);

/// <summary>
/// Decides, for each source the repository restores from today, whether it stays (repository
/// folders, https) or is replaced by the vendor folder (folders outside the repository, http),
/// with the reason; and generates the package source mapping from where each locked package
/// actually came from, so that every package is mapped (HB2003) and new ones go to the main source.
/// </summary>
public static class SourcePlanner
{
    public const string VendorKey = "hermetic-vendor";

    public static SourceDecision Decide(string key, PackageSourceAddress address, bool inRepositoryConfig, string root, string rootWithSeparator)
    {
        var value = address.Kind == PackageSourceKind.Folder && address.IsInside(rootWithSeparator) && !inRepositoryConfig
            ? Path.GetRelativePath(root, address.FolderPath!).Replace('\\', '/')
            : address.Value;
        return address.Kind switch
        {
            PackageSourceKind.Folder when address.IsInside(rootWithSeparator) => new(key, value, address, inRepositoryConfig, SourceFate.KeepFolder, null),
            PackageSourceKind.Folder => new(key, value, address, inRepositoryConfig, SourceFate.Vendor,
                "it is a folder outside the repository, which no other machine has (HB2005); its packages are copied into the vendor folder"),
            PackageSourceKind.Https => new(key, value, address, inRepositoryConfig, SourceFate.KeepHttps, null),
            PackageSourceKind.Http => new(key, value, address, inRepositoryConfig, SourceFate.Vendor,
                "it is plain http, so anyone on the network path can change the packages it serves (HB2001); its packages are copied into the vendor folder (use its https address instead if it has one)"),
            _ => new(key, value, address, inRepositoryConfig, SourceFate.Vendor,
                "it is neither a folder of the repository nor an https URL (HB2001); its packages are copied into the vendor folder"),
        };
    }

    /// <summary>
    /// The mapping for the final sources: each package to the source it came from, Hermetic.Build and
    /// the vendored packages to the vendor folder, and <c>*</c> to the source most packages came from
    /// (new packages go there), or null when there is one source.
    /// </summary>
    /// <param name="finalKeys">The keys of the final sources, vendor included.</param>
    /// <param name="origins">Each locked package id and the key of the final source that serves it (null: unknown).</param>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>>? Mapping(IReadOnlyList<string> finalKeys, IReadOnlyDictionary<string, string?> origins)
    {
        if (finalKeys.Count < 2)
        {
            return null;
        }

        var byKey = finalKeys.ToDictionary(k => k, _ => new SortedSet<string>(StringComparer.OrdinalIgnoreCase), StringComparer.OrdinalIgnoreCase);
        foreach (var (id, key) in origins)
        {
            if (key is not null && byKey.TryGetValue(key, out var ids))
            {
                ids.Add(id);
            }
        }

        byKey[VendorKey].Add(GlobalJsonEditor.SdkName);
        var main = finalKeys.Where(k => !string.Equals(k, VendorKey, StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(k => byKey[k].Count).ThenBy(k => finalKeys.ToList().IndexOf(k)).FirstOrDefault() ?? VendorKey;
        var mapping = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var key in finalKeys)
        {
            var patterns = string.Equals(key, main, StringComparison.OrdinalIgnoreCase) ? new List<string> { "*" } : [];
            patterns.AddRange(byKey[key].Where(id => !string.Equals(key, main, StringComparison.OrdinalIgnoreCase) || string.Equals(id, GlobalJsonEditor.SdkName, StringComparison.OrdinalIgnoreCase)));
            mapping[key] = patterns;
        }

        return mapping;
    }
}
