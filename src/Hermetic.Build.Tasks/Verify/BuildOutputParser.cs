using System.Globalization;
using System.Text.RegularExpressions;

namespace Hermetic.Build.Verify;

/// <summary>An error or warning a verification build printed, with its paths mapped back to the repository.</summary>
public sealed record ChildDiagnostic(bool IsError, string? Code, string? File, int Line, int Column, string Message);

/// <summary>
/// Reads the errors and warnings of a child build's console output (MSBuild's canonical format,
/// <c>file(line,col): error CODE: message [project]</c>) and maps every path under the copy back
/// to the same path in the repository, so a diagnostic points at the file the user edits.
/// </summary>
public static partial class BuildOutputParser
{
    public static IReadOnlyList<ChildDiagnostic> Parse(string output, string copyRoot, string repositoryRoot) =>
        Parse(output, [(copyRoot, repositoryRoot)]);

    /// <summary>Parses with a list of folder mappings, the most specific first (the copy's repository, its packages folder, the copy itself).</summary>
    public static IReadOnlyList<ChildDiagnostic> Parse(string output, IReadOnlyList<(string From, string To)> folders)
    {
        var result = new List<ChildDiagnostic>();
        var seen = new HashSet<ChildDiagnostic>();
        foreach (var rawLine in output.Split('\n'))
        {
            var match = DiagnosticLine().Match(rawLine.TrimEnd('\r'));
            if (!match.Success)
            {
                continue;
            }

            var file = match.Groups["file"].Value.Trim();
            var mappedFile = LooksLikePath(file) ? MapText(file, folders) : null;
            var diagnostic = new ChildDiagnostic(
                match.Groups["severity"].Value == "error",
                match.Groups["code"].Success ? match.Groups["code"].Value : null,
                mappedFile,
                match.Groups["line"].Success ? int.Parse(match.Groups["line"].Value, CultureInfo.InvariantCulture) : 0,
                match.Groups["column"].Success ? int.Parse(match.Groups["column"].Value, CultureInfo.InvariantCulture) : 0,
                MapText(match.Groups["message"].Value.Trim(), folders));
            if (seen.Add(diagnostic))
            {
                result.Add(diagnostic);
            }
        }

        return result;
    }

    /// <summary>Replaces the copy's root in a path or message by the repository's.</summary>
    public static string MapText(string text, string copyRoot, string repositoryRoot)
    {
        var copy = Path.TrimEndingDirectorySeparator(copyRoot);
        var repository = Path.TrimEndingDirectorySeparator(repositoryRoot);
        return text.Replace(copy, repository, StringComparison.Ordinal);
    }

    /// <summary>Replaces each folder by what it stands for, in order.</summary>
    public static string MapText(string text, IReadOnlyList<(string From, string To)> folders)
    {
        foreach (var (from, to) in folders)
        {
            text = MapText(text, from, to);
        }

        return text;
    }

    // "MSBUILD", "CSC", "EXEC" and the like name a tool, not a file.
    private static bool LooksLikePath(string file) =>
        file.Contains('/', StringComparison.Ordinal) || file.Contains('\\', StringComparison.Ordinal) || file.Contains('.', StringComparison.Ordinal);

    [GeneratedRegex(@"^\s*(?<file>[^\s].*?)(?:\((?<line>\d+)(?:,(?<column>\d+))?(?:,\d+,\d+)?\))?\s*:\s*(?:[^:]*\s)?(?<severity>error|warning)(?:\s+(?<code>[A-Za-z]+\d+))?\s*:\s*(?<message>.*?)(?:\s+\[[^\[\]]+\])?$", RegexOptions.CultureInvariant)]
    private static partial Regex DiagnosticLine();
}
