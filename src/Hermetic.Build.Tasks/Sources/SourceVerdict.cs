namespace Hermetic.Build.Sources;

/// <summary>What Hermetic.Build makes of one package source (HB2001, HB2005): the one rule that the
/// build's check and the hermetic tool both apply.</summary>
public enum SourceVerdict
{
    /// <summary>A folder inside the repository, or an https URL listed in HermeticAllowedSources.</summary>
    Allowed,

    /// <summary>HB2005: a folder outside the repository.</summary>
    FolderOutsideRepository,

    /// <summary>HB2001: an https URL that HermeticAllowedSources does not list.</summary>
    HttpsNotAllowed,

    /// <summary>HB2001: plain http, refused even when listed.</summary>
    PlainHttp,

    /// <summary>HB2001: neither a folder nor an https URL (a network share, another scheme).</summary>
    Other,
}

public static class SourceRules
{
    /// <summary>Judges a source against the repository root (full path with its trailing separator) and the allowed URLs (normalized).</summary>
    public static SourceVerdict Judge(PackageSourceAddress address, IReadOnlySet<string> allowed, string root) => address.Kind switch
    {
        PackageSourceKind.Folder when address.IsInside(root) => SourceVerdict.Allowed,
        PackageSourceKind.Folder => SourceVerdict.FolderOutsideRepository,
        PackageSourceKind.Https when allowed.Contains(address.NormalizedUrl!) => SourceVerdict.Allowed,
        PackageSourceKind.Https => SourceVerdict.HttpsNotAllowed,
        PackageSourceKind.Http => SourceVerdict.PlainHttp,
        _ => SourceVerdict.Other,
    };

    /// <summary>The normalized form of <c>$(HermeticAllowedSources)</c>.</summary>
    public static HashSet<string> AllowedUrls(string? allowedSources) => new(
        (allowedSources ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(PackageSourceAddress.NormalizeUrl).OfType<string>(),
        StringComparer.Ordinal);
}
