namespace Hermetic.Build.Sources;

/// <summary>What a package source points at, as NuGet reads its value.</summary>
public enum PackageSourceKind
{
    /// <summary>A folder on this machine (a path, or a <c>file:</c> URL).</summary>
    Folder,

    /// <summary>An https URL.</summary>
    Https,

    /// <summary>A plain http URL: anyone on the way can change what it serves.</summary>
    Http,

    /// <summary>Another URL scheme, or a network share.</summary>
    Other,
}

/// <summary>A package source's value classified: a folder (with its full path) or a URL (with the
/// form it is compared in against <c>HermeticAllowedSources</c>).</summary>
public sealed record PackageSourceAddress(string Value, PackageSourceKind Kind, string? FolderPath, string? NormalizedUrl)
{
    /// <summary>Classifies a source value; a relative folder is taken relative to <paramref name="baseDirectory"/>.</summary>
    public static PackageSourceAddress Parse(string value, string baseDirectory)
    {
        var trimmed = value.Trim();
        if (trimmed.StartsWith(@"\\", StringComparison.Ordinal) || trimmed.StartsWith("//", StringComparison.Ordinal))
        {
            return new PackageSourceAddress(value, PackageSourceKind.Other, null, null); // a network share
        }

        var schemeEnd = trimmed.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd > 1 && Uri.TryCreate(trimmed, UriKind.Absolute, out var uri))
        {
            if (uri.IsFile)
            {
                return uri.IsUnc
                    ? new PackageSourceAddress(value, PackageSourceKind.Other, null, null)
                    : new PackageSourceAddress(value, PackageSourceKind.Folder, Path.GetFullPath(uri.LocalPath), null);
            }

            var kind = uri.Scheme switch
            {
                "https" => PackageSourceKind.Https,
                "http" => PackageSourceKind.Http,
                _ => PackageSourceKind.Other,
            };
            return new PackageSourceAddress(value, kind, null, Normalize(uri));
        }

        return new PackageSourceAddress(value, PackageSourceKind.Folder, Path.GetFullPath(trimmed, baseDirectory), null);
    }

    /// <summary>
    /// The form URLs are compared in: scheme and host in lower case, the default port dropped, no
    /// user-info, the path as written without a trailing slash, the query kept.
    /// </summary>
    public static string? NormalizeUrl(string url) =>
        Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) && !uri.IsFile ? Normalize(uri) : null;

    private static string Normalize(Uri uri)
    {
        var port = uri.IsDefaultPort ? string.Empty : ":" + uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var path = uri.AbsolutePath.TrimEnd('/');
        return uri.Scheme.ToLowerInvariant() + "://" + uri.Host.ToLowerInvariant() + port + path + uri.Query;
    }

    /// <summary>Whether a folder lies inside <paramref name="root"/> (a full path with its trailing separator).</summary>
    public bool IsInside(string root)
    {
        if (FolderPath is null)
        {
            return false;
        }

        var folder = FolderPath.EndsWith(Path.DirectorySeparatorChar) ? FolderPath : FolderPath + Path.DirectorySeparatorChar;
        return Core.PathComparison.StartsWith(folder, root);
    }
}
