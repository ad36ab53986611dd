using System.Text;
using System.Text.RegularExpressions;

namespace Hermetic.Build.SourceControl;

/// <summary>One line of an ignore file: where it is, and the pattern as written.</summary>
public sealed record GitIgnoreRule(string File, int Line, string Text, bool Negated, bool DirectoryOnly)
{
    /// <summary>How a message names it, e.g. <c>.gitignore(12): *.lock.json</c> (the file relative to the repository).</summary>
    public string Describe(string root) => $"{Path.GetRelativePath(root, File).Replace('\\', '/')}({Line}): {Text}";
}

/// <summary>
/// Which rule of git's ignore files decides that a path is ignored: libgit2 says whether a path
/// is ignored, not why, and a message must name the line to change. Follows gitignore(5): the
/// repository's <c>.git/info/exclude</c>, then the <c>.gitignore</c> of each folder from the root
/// down, the last matching line winning (so a deeper file overrides a higher one, and a later line
/// an earlier one); <c>!</c> re-includes, except below a folder that is itself excluded (git never
/// looks inside it); a trailing <c>/</c> matches folders only; a pattern with a <c>/</c> elsewhere
/// is relative to its file's folder, one without matches a name at any depth; <c>*</c>, <c>?</c>,
/// <c>[...]</c> never match <c>/</c>; <c>**/</c>, <c>/**</c> and <c>/**/</c> span folders.
/// Case-sensitive, as git is by default. Global excludes (core.excludesFile) are not read, as
/// Hermetic.Build reads only repository-local git configuration.
/// </summary>
public sealed class GitIgnoreRules
{
    private readonly string _root;
    private readonly Dictionary<string, IReadOnlyList<Pattern>> _byDirectory = new(StringComparer.Ordinal);
    private readonly List<string> _filesRead = [];

    /// <param name="root">The work tree root.</param>
    /// <param name="gitDirectory">The git directory (for info/exclude); null: <c>root/.git</c>.</param>
    public GitIgnoreRules(string root, string? gitDirectory = null)
    {
        _root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        var exclude = Path.Combine(gitDirectory ?? Path.Combine(_root, ".git"), "info", "exclude");
        Exclude = Load(exclude, string.Empty);
    }

    /// <summary>The ignore files that exist and were read, for an up-to-date check.</summary>
    public IReadOnlyList<string> FilesRead => _filesRead;

    private IReadOnlyList<Pattern> Exclude { get; }

    /// <summary>The rule that makes <paramref name="relativePath"/> ('/'-separated, relative to the
    /// root) ignored, or null when it is not ignored.</summary>
    public GitIgnoreRule? FindRule(string relativePath, bool isDirectory = false)
    {
        var parts = relativePath.Replace('\\', '/').Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        // A folder on the way that is excluded hides everything below it, whatever the rules say.
        for (var depth = 1; depth < parts.Length; depth++)
        {
            if (Decide(parts, depth, isDirectory: true) is { Negated: false } folderRule)
            {
                return folderRule;
            }
        }

        return Decide(parts, parts.Length, isDirectory) is { Negated: false } rule ? rule : null;
    }

    /// <summary>The last rule matching the first <paramref name="length"/> parts, of the exclude
    /// file and the .gitignore files of the folders above that path.</summary>
    private GitIgnoreRule? Decide(string[] parts, int length, bool isDirectory)
    {
        var path = string.Join('/', parts, 0, length);
        GitIgnoreRule? decided = null;
        foreach (var pattern in Exclude)
        {
            if (pattern.Matches(path, isDirectory))
            {
                decided = pattern.Rule;
            }
        }

        // .gitignore of the root and each folder above the path, shallow to deep: deeper wins.
        for (var folderDepth = 0; folderDepth < length; folderDepth++)
        {
            var folder = string.Join('/', parts, 0, folderDepth);
            var below = folderDepth == 0 ? path : path[(folder.Length + 1)..];
            foreach (var pattern in PatternsOf(folder))
            {
                if (pattern.Matches(below, isDirectory))
                {
                    decided = pattern.Rule;
                }
            }
        }

        return decided;
    }

    private IReadOnlyList<Pattern> PatternsOf(string folder)
    {
        if (!_byDirectory.TryGetValue(folder, out var patterns))
        {
            patterns = Load(Path.Combine(_root, folder.Replace('/', Path.DirectorySeparatorChar), ".gitignore"), folder);
            _byDirectory[folder] = patterns;
        }

        return patterns;
    }

    private List<Pattern> Load(string file, string folder)
    {
        if (!File.Exists(file))
        {
            return [];
        }

        _filesRead.Add(file);
        var patterns = new List<Pattern>();
        var lines = File.ReadAllLines(file);
        for (var i = 0; i < lines.Length; i++)
        {
            if (Parse(file, i + 1, lines[i]) is { } pattern)
            {
                patterns.Add(pattern);
            }
        }

        return patterns;
    }

    /// <summary>One line as a pattern; null for a blank line or a comment.</summary>
    internal static Pattern? Parse(string file, int lineNumber, string line)
    {
        var text = TrimTrailingSpaces(line.TrimEnd('\r'));
        if (text.Length == 0 || text[0] == '#')
        {
            return null;
        }

        var glob = text;
        var negated = false;
        if (glob[0] == '!')
        {
            negated = true;
            glob = glob[1..];
        }
        else if (glob.StartsWith("\\!", StringComparison.Ordinal) || glob.StartsWith("\\#", StringComparison.Ordinal))
        {
            glob = glob[1..];
        }

        var directoryOnly = glob.EndsWith('/') && !glob.EndsWith("\\/", StringComparison.Ordinal);
        if (directoryOnly)
        {
            glob = glob.TrimEnd('/');
        }

        if (glob.Length == 0)
        {
            return null;
        }

        // A slash at the start or in the middle anchors the pattern to the file's folder.
        var anchored = glob.Contains('/');
        glob = glob.TrimStart('/');
        var regex = new Regex("^" + (anchored ? string.Empty : "(?:.*/)?") + GlobToRegex(glob) + "$", RegexOptions.CultureInvariant | RegexOptions.Singleline);
        return new Pattern(new GitIgnoreRule(file, lineNumber, text, negated, directoryOnly), regex);
    }

    private static string TrimTrailingSpaces(string line)
    {
        var end = line.Length;
        while (end > 0 && line[end - 1] == ' ' && !(end > 1 && line[end - 2] == '\\'))
        {
            end--;
        }

        var trimmed = line[..end];
        return trimmed.EndsWith("\\ ", StringComparison.Ordinal) ? trimmed[..^2] + " " : trimmed;
    }

    private static string GlobToRegex(string glob)
    {
        var regex = new StringBuilder();
        for (var i = 0; i < glob.Length; i++)
        {
            var c = glob[i];
            switch (c)
            {
                case '*' when i + 1 < glob.Length && glob[i + 1] == '*'
                              && (i == 0 || glob[i - 1] == '/') && (i + 2 == glob.Length || glob[i + 2] == '/'):
                    if (i + 2 == glob.Length)
                    {
                        regex.Append(".*"); // trailing "/**": everything inside
                        i++;
                    }
                    else
                    {
                        regex.Append("(?:.*/)?"); // "**/": zero or more folders
                        i += 2;
                    }

                    break;
                case '*':
                    while (i + 1 < glob.Length && glob[i + 1] == '*')
                    {
                        i++; // other runs of asterisks are one asterisk
                    }

                    regex.Append("[^/]*");
                    break;
                case '?':
                    regex.Append("[^/]");
                    break;
                case '[':
                    var close = ClassEnd(glob, i);
                    if (close < 0)
                    {
                        regex.Append("\\[");
                        break;
                    }

                    var body = glob[(i + 1)..close];
                    var negate = body.Length > 0 && (body[0] == '!' || body[0] == '^');
                    if (negate)
                    {
                        body = body[1..];
                    }

                    regex.Append(negate ? "(?![/])[^" : "(?![/])[");
                    foreach (var member in body)
                    {
                        regex.Append(member is '\\' or ']' or '[' or '^' ? "\\" + member : member.ToString());
                    }

                    regex.Append(']');
                    i = close;
                    break;
                case '\\' when i + 1 < glob.Length:
                    regex.Append(Regex.Escape(glob[++i].ToString()));
                    break;
                default:
                    regex.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }

        return regex.ToString();
    }

    /// <summary>The index of the ']' closing the class opened at <paramref name="open"/> (a ']' right after
    /// the '[' or '[!' is a member), or -1.</summary>
    private static int ClassEnd(string glob, int open)
    {
        var i = open + 1;
        if (i < glob.Length && (glob[i] == '!' || glob[i] == '^'))
        {
            i++;
        }

        if (i < glob.Length && glob[i] == ']')
        {
            i++;
        }

        for (; i < glob.Length; i++)
        {
            if (glob[i] == ']')
            {
                return i;
            }
        }

        return -1;
    }

    internal sealed record Pattern(GitIgnoreRule Rule, Regex Regex)
    {
        public bool Matches(string path, bool isDirectory) => (isDirectory || !Rule.DirectoryOnly) && Regex.IsMatch(path);
    }
}
