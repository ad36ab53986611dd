namespace Hermetic.Build.Tool.Init;

/// <summary>Why git ignores a path: the file and line of the rule, and the rule (<c>.gitignore(12): *.lock.json</c>).</summary>
public sealed record IgnoreRule(string Source, int Line, string Pattern)
{
    public override string ToString() => $"{Source}({Line}): {Pattern}";
}

/// <summary>
/// <c>.gitignore</c> exceptions for the files the build relies on (lock files, the folder feed's
/// packages, generator stamps): a <c>dotnet new gitignore</c> file ignores <c>*.nupkg</c> and
/// <c>**/[Pp]ackages/*</c>, stricter ones <c>*.lock.json</c>, and then <c>git add</c> silently
/// commits nothing and only a fresh clone fails. The exceptions go at the end of the file (a later
/// rule wins), one per kind of file, and parent folders that are ignored are re-included first
/// (git cannot re-include a file inside an ignored folder).
/// </summary>
public static class GitIgnoreEditor
{
    public const string Heading = "# Hermetic.Build: the build relies on these files, so they are committed (added by hermetic init)";

    /// <param name="path">The .gitignore to edit (at the git work tree root).</param>
    /// <param name="existing">Its content, or null.</param>
    /// <param name="neededFiles">The files the build relies on, relative to the .gitignore's folder, with '/'.</param>
    /// <param name="vendorFolder">The vendor folder relative to the .gitignore's folder, with '/' and no trailing slash.</param>
    /// <param name="ignoredBy">The rule that ignores a path (a folder ends with '/'), or null when git keeps it.</param>
    public static FileEdit? Edit(string path, string? existing, IReadOnlyList<string> neededFiles, string vendorFolder, Func<string, IgnoreRule?> ignoredBy)
    {
        var exceptions = new List<string>();
        var notes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in neededFiles.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var rule = ignoredBy(file);
            if (rule is null)
            {
                continue;
            }

            var segments = file.Split('/');
            for (var i = 1; i < segments.Length; i++)
            {
                var folder = string.Join('/', segments[..i]) + "/";
                if (ignoredBy(folder) is { } folderRule)
                {
                    Add(exceptions, notes, "!/" + folder, $"{folder} is ignored by {folderRule}");
                }
            }

            Add(exceptions, notes, ExceptionFor(file, vendorFolder), $"{file} is ignored by {rule}");
        }

        var existingLines = new HashSet<string>((existing ?? string.Empty).Split('\n').Select(l => l.Trim()), StringComparer.Ordinal);
        var missing = exceptions.Where(e => !existingLines.Contains(e)).ToList();
        if (missing.Count == 0)
        {
            return existing is null ? null : FileEdit.Unchanged(path, existing);
        }

        var newLine = TextFile.NewLineOf(existing);
        var text = existing ?? string.Empty;
        if (text.Length > 0 && !text.EndsWith('\n'))
        {
            text += newLine;
        }

        if (!existingLines.Contains(Heading))
        {
            text += (text.Length > 0 ? newLine : string.Empty) + Heading + newLine;
        }

        text += string.Join(newLine, missing) + newLine;
        return new FileEdit(path, existing, text, [.. missing.Select(m => $"{m}  ({notes[m]})")]);
    }

    /// <summary>One exception covers every file of its kind: every project's lock, every package of the vendor folder.</summary>
    public static string ExceptionFor(string file, string vendorFolder)
    {
        var name = file[(file.LastIndexOf('/') + 1)..];
        if (name is "packages.lock.json" or "hermetic.lock.json")
        {
            return "!" + name;
        }

        if (name.EndsWith(".hermetic-generate.json", StringComparison.Ordinal))
        {
            return "!*.hermetic-generate.json";
        }

        if (vendorFolder.Length > 0 && file.StartsWith(vendorFolder + "/", StringComparison.Ordinal) && name.EndsWith(".nupkg", StringComparison.OrdinalIgnoreCase))
        {
            return "!/" + vendorFolder + "/*.nupkg";
        }

        return "!/" + file;
    }

    private static void Add(List<string> exceptions, Dictionary<string, string> notes, string exception, string why)
    {
        if (!exceptions.Contains(exception))
        {
            exceptions.Add(exception);
            notes[exception] = why;
        }
    }
}
