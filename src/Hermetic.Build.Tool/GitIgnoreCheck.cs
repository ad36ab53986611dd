using Hermetic.Build.SourceControl;
using Hermetic.Build.Core;
using Hermetic.Build.Tool.Init;

namespace Hermetic.Build.Tool;

/// <summary>Which rule of the repository's ignore files ignores a path: the task library's matcher (git's rules, as HB1008 names them).</summary>
public static class GitIgnoreCheck
{
    /// <summary>The rule that ignores <paramref name="relativePath"/> (relative to <paramref name="gitRoot"/>, '/'; a folder
    /// ends with '/'), or null when git keeps it (no rule, or a '!' exception matched last).</summary>
    public static IgnoreRule? IgnoredBy(string gitRoot, string relativePath)
    {
        var rule = new GitIgnoreRules(gitRoot).FindRule(relativePath.TrimEnd('/'), isDirectory: relativePath.EndsWith('/'));
        return rule is null ? null : new IgnoreRule(Path.GetRelativePath(gitRoot, rule.File).Replace('\\', '/'), rule.Line, rule.Text);
    }
}
