namespace Hermetic.Build.Core;

/// <summary>
/// The one rule for comparing paths of this machine: case-insensitive on Windows and macOS, ordinal
/// elsewhere. Windows' NTFS and macOS's default APFS treat <c>App/x.cs</c> and <c>app/X.cs</c> as one
/// file, so comparing them ordinally there would miss a file that is inside the repository (or a
/// package) and let a check pass; Linux file systems keep both names apart, so ignoring case there
/// would join two different files. (A case-sensitive APFS volume is rare and only makes this rule
/// stricter than the disk: two names that differ in case are then taken as one.)
/// </summary>
public static class PathComparison
{
    public static bool IgnoresCase { get; } = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS();

    public static StringComparison Comparison { get; } = IgnoresCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    public static StringComparer Comparer { get; } = IgnoresCase ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

    public static bool Equal(string? a, string? b) => string.Equals(a, b, Comparison);

    /// <summary>Whether two folders are the same, a trailing separator or not.</summary>
    public static bool SameFolder(string a, string b) => Equal(Path.TrimEndingDirectorySeparator(a), Path.TrimEndingDirectorySeparator(b));

    /// <summary>Whether <paramref name="path"/> starts with <paramref name="prefix"/> under this rule.</summary>
    public static bool StartsWith(string path, string prefix) => path.StartsWith(prefix, Comparison);

    /// <summary>The folder as a full path ending with one directory separator.</summary>
    public static string AsFolder(string folder) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)) + Path.DirectorySeparatorChar;

    /// <summary>The path of <paramref name="path"/> below <paramref name="folder"/> ('/' separators), or null when it is not
    /// below it. Decided at a folder boundary, never by a bare prefix ('/p/a' is not inside '/p/ab').</summary>
    public static string? RelativeTo(string path, string folder)
    {
        var prefix = AsFolder(folder);
        var full = Path.GetFullPath(path);
        return full.Length > prefix.Length && full.StartsWith(prefix, Comparison) ? full[prefix.Length..].Replace('\\', '/') : null;
    }
}
