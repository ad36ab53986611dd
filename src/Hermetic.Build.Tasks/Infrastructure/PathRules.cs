namespace Hermetic.Build.Infrastructure;

/// <summary>
/// How this platform's file systems compare paths: case-insensitive on Windows and macOS (their default
/// volumes), ordinal elsewhere. Whether a file lies inside a folder is decided at a folder boundary,
/// never by a bare string prefix ('/p/a' is not inside '/p/ab').
/// </summary>
public static class PathRules
{
    public static StringComparison Comparison { get; } =
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    public static StringComparer Comparer { get; } =
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

    /// <summary>The folder as a full path ending with one directory separator.</summary>
    public static string AsFolder(string folder) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)) + Path.DirectorySeparatorChar;

    /// <summary>The path of <paramref name="path"/> below <paramref name="folder"/> ('/' separators), or null when it is not below it.</summary>
    public static string? RelativeTo(string path, string folder)
    {
        var prefix = AsFolder(folder);
        var full = Path.GetFullPath(path);
        return full.Length > prefix.Length && full.StartsWith(prefix, Comparison) ? full[prefix.Length..].Replace('\\', '/') : null;
    }
}
