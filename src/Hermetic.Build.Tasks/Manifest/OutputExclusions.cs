using System.Text;
using System.Text.RegularExpressions;
using Hermetic.Build.Core;
using Microsoft.Build.Framework;

namespace Hermetic.Build.Manifest;

/// <summary>A file left out of the comparison and the manifests, and why.</summary>
public sealed record ExcludedFile(string Path, string Reason);

/// <summary>
/// Files that hold the checkout path by design and never ship, left out of VerifyHermetic's
/// comparison and of the build manifests in the same way, so that the manifests' digests agree:
/// <list type="bullet">
/// <item>the built-in list: what a standard test project writes into its output folder for coverage
/// tools (<see cref="BuiltIn"/>), only directly in the output folder of a project with
/// <c>IsTestProject=true</c>, never in a package, a publish folder or any other project's output;</item>
/// <item>the repository's own <c>HermeticVerifyExclude</c> items: <c>Include</c> a glob relative to
/// <c>HermeticRoot</c> (<c>*</c>, <c>?</c>, <c>**</c>), <c>Reason</c> required.</item>
/// </list>
/// </summary>
public sealed class OutputExclusions
{
    /// <summary>File name prefixes of the built-in list, and why each is safe to leave out.</summary>
    public static IReadOnlyList<(string FileNamePrefix, string Reason)> BuiltIn { get; } =
    [
        (".msCoverageSourceRootsMapping_",
            "built-in: Microsoft.CodeCoverage (through Microsoft.NET.Test.Sdk) maps the checkout's source roots for coverage reports; "
            + "it holds the checkout path by design and stays in the test project's output"),
        ("CoverletSourceRootsMapping",
            "built-in: coverlet.collector maps the checkout's source roots for coverage reports; "
            + "it holds the checkout path by design and stays in the test project's output"),
    ];

    private readonly List<(Regex Glob, string Pattern, string Reason)> _declared;

    private OutputExclusions(List<(Regex Glob, string Pattern, string Reason)> declared) => _declared = declared;

    public static OutputExclusions None { get; } = new([]);

    /// <summary>The repository's exclusions, as (glob, reason) pairs.</summary>
    public IEnumerable<(string Pattern, string Reason)> Declared => _declared.Select(d => (d.Pattern, d.Reason));

    /// <summary>Reads <c>HermeticVerifyExclude</c> items; an item without a Reason is bad input that names <paramref name="declaredIn"/>.</summary>
    public static OutputExclusions FromItems(IEnumerable<ITaskItem>? items, string declaredIn) =>
        From((items ?? []).Select(item => (item.ItemSpec, (string?)item.GetMetadata("Reason"))), declaredIn);

    /// <summary>Reads (glob, reason) pairs; a pair without a reason is bad input that names <paramref name="declaredIn"/>.</summary>
    public static OutputExclusions From(IEnumerable<(string Glob, string? Reason)> declared, string declaredIn)
    {
        var list = new List<(Regex, string, string)>();
        foreach (var (glob, reason) in declared)
        {
            var pattern = glob.Trim().Replace('\\', '/');
            if (pattern.Length == 0)
            {
                continue;
            }

            if (string.IsNullOrWhiteSpace(reason))
            {
                throw new HermeticInputException(new SourceLocation(declaredIn),
                    $"the HermeticVerifyExclude item '{pattern}' has no Reason metadata; say why this file may differ between builds and never ships, "
                    + "for example <HermeticVerifyExclude Include=\"...\" Reason=\"...\" />");
            }

            if (Path.IsPathRooted(pattern) || pattern.Split('/').Contains(".."))
            {
                throw new HermeticInputException(new SourceLocation(declaredIn),
                    $"the HermeticVerifyExclude item '{pattern}' is not a path relative to HermeticRoot inside the repository");
            }

            list.Add((ToRegex(pattern), pattern, reason.Trim()));
        }

        return new OutputExclusions(list);
    }

    /// <summary>
    /// Why a file is left out, or null. <paramref name="relativeToRoot"/>: the file relative to
    /// HermeticRoot with '/' (null when outside it). <paramref name="inTestProjectOutput"/>: the file lies
    /// directly in the output folder of a test project, the only place the built-in list applies.
    /// </summary>
    public string? ReasonFor(string? relativeToRoot, string fileName, bool inTestProjectOutput)
    {
        if (relativeToRoot is not null)
        {
            foreach (var (glob, pattern, reason) in _declared)
            {
                if (glob.IsMatch(relativeToRoot))
                {
                    return $"HermeticVerifyExclude '{pattern}': {reason}";
                }
            }
        }

        if (inTestProjectOutput)
        {
            foreach (var (prefix, reason) in BuiltIn)
            {
                if (fileName.StartsWith(prefix, StringComparison.Ordinal))
                {
                    return reason;
                }
            }
        }

        return null;
    }

    /// <summary>A glob as a regular expression over a whole relative path: '**' any folders, '*' and '?' within a name.</summary>
    private static Regex ToRegex(string glob)
    {
        var regex = new StringBuilder("^");
        for (var i = 0; i < glob.Length; i++)
        {
            var c = glob[i];
            if (c == '*' && i + 1 < glob.Length && glob[i + 1] == '*')
            {
                var slash = i + 2 < glob.Length && glob[i + 2] == '/';
                regex.Append(slash ? "(?:.*/)?" : ".*");
                i += slash ? 2 : 1;
            }
            else if (c == '*')
            {
                regex.Append("[^/]*");
            }
            else if (c == '?')
            {
                regex.Append("[^/]");
            }
            else
            {
                regex.Append(Regex.Escape(c.ToString()));
            }
        }

        regex.Append('$');
        return new Regex(regex.ToString(), RegexOptions.CultureInvariant | (OperatingSystem.IsWindows() ? RegexOptions.IgnoreCase : RegexOptions.None));
    }
}
