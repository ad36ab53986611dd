using Hermetic.Build.Sources;

namespace Hermetic.Build.Commands;

/// <summary>
/// What decides whether a command's own package sources and variables keep it off the network:
/// the repository root and <c>HermeticAllowedSources</c> (the rule of HB2001: a folder inside the
/// repository or an allowed https URL), the folder the command runs in, and the variables the task
/// sets for it (Exec's <c>EnvironmentVariables</c>; <c>GOFLAGS=-mod=vendor</c> keeps go offline).
/// </summary>
public sealed class CommandContext
{
    private readonly HashSet<string> _allowedUrls;

    public CommandContext(string? root = null, string? allowedSources = null, string? workingDirectory = null, IEnumerable<string>? environment = null)
    {
        Root = string.IsNullOrWhiteSpace(root) ? null : Path.TrimEndingDirectorySeparator(Path.GetFullPath(root)) + Path.DirectorySeparatorChar;
        WorkingDirectory = string.IsNullOrWhiteSpace(workingDirectory) ? Root ?? Directory.GetCurrentDirectory() : Path.GetFullPath(workingDirectory);
        _allowedUrls = new HashSet<string>(
            (allowedSources ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(PackageSourceAddress.NormalizeUrl).OfType<string>(),
            StringComparer.Ordinal);
        Environment = (environment ?? [])
            .Select(e => e.Split('=', 2))
            .Where(p => p.Length == 2 && p[0].Trim().Length > 0)
            .Select(p => KeyValuePair.Create(p[0].Trim(), p[1]))
            .ToList();
    }

    public static CommandContext Default { get; } = new();

    /// <summary>The repository root with its trailing separator; null when unknown (then any folder counts as local).</summary>
    public string? Root { get; }

    public string WorkingDirectory { get; }

    /// <summary>Variables the task sets for the command (before the command line's own assignments).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Environment { get; }

    /// <summary>Whether restoring from <paramref name="source"/> stays within what HB2001 allows.</summary>
    public bool IsAllowedSource(string source)
    {
        if (source.Contains('\0'))
        {
            return false; // no path has one: Path.GetFullPath refuses it
        }

        var address = PackageSourceAddress.Parse(source, WorkingDirectory);
        return address.Kind switch
        {
            PackageSourceKind.Folder => Root is null || address.IsInside(Root),
            PackageSourceKind.Https => _allowedUrls.Contains(address.NormalizedUrl!),
            _ => false,
        };
    }

    /// <summary>Whether a file (a nuget.config named on the command line) lies inside the repository.</summary>
    public bool IsInsideRoot(string path) =>
        Root is null || (!path.Contains('\0') && PackageSourceAddress.Parse(path, WorkingDirectory) is { Kind: PackageSourceKind.Folder } address && address.IsInside(Root));
}
