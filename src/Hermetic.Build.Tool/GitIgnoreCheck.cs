using System.Globalization;
using Hermetic.Build.Infrastructure;
using Hermetic.Build.Tool.Init;

namespace Hermetic.Build.Tool;

/// <summary>Asks git itself which rule ignores a path (<c>git check-ignore -v --no-index</c>), so every rule file and every
/// pattern form git knows is taken into account.</summary>
public static class GitIgnoreCheck
{
    /// <summary>The rule that ignores <paramref name="relativePath"/> (relative to <paramref name="gitRoot"/>, '/'; a folder
    /// ends with '/'), or null when git keeps it (no rule, or a '!' exception matched last).</summary>
    public static IgnoreRule? IgnoredBy(string gitRoot, string relativePath)
    {
        var result = Git.Run(gitRoot, "check-ignore", "-v", "-n", "--no-index", "--", relativePath);
        foreach (var line in result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            // <source>:<line>:<pattern>\t<path>; "::\t<path>" when nothing matched.
            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            var head = tab < 0 ? line : line[..tab];
            var first = head.IndexOf(':', StringComparison.Ordinal);
            var second = first < 0 ? -1 : head.IndexOf(':', first + 1);
            if (first <= 0 || second < 0)
            {
                return null;
            }

            var pattern = head[(second + 1)..];
            if (pattern.StartsWith('!'))
            {
                return null;
            }

            var source = head[..first];
            source = Path.IsPathRooted(source) ? Path.GetRelativePath(gitRoot, source).Replace('\\', '/') : source;
            return new IgnoreRule(source, int.Parse(head[(first + 1)..second], CultureInfo.InvariantCulture), pattern);
        }

        return null;
    }
}
