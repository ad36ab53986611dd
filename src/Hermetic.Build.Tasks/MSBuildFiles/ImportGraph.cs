using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.Build.Framework;

namespace Hermetic.Build.MSBuildFiles;

/// <summary>An element of a repository's MSBuild file, in the order MSBuild evaluates it.</summary>
public readonly record struct EvaluatedElement(MSBuildFile File, XElement Element);

/// <summary>
/// What an import walk depended on besides the files it read: wildcard patterns it expanded and
/// imported paths that did not exist. A new file matching either changes what MSBuild imports,
/// so the up-to-date check of the next build must look at them again.
/// </summary>
public sealed class ImportProbes
{
    public SortedSet<string> Patterns { get; } = new(StringComparer.Ordinal);
}

/// <summary>
/// The project file and the files it imports from inside the repository, walked in evaluation
/// order. A task cannot see MSBuild's own import list, so imports are followed from the XML, with
/// a small evaluator: the well-known paths (<c>$(MSBuildThisFileDirectory)</c>,
/// <c>$(MSBuildProjectDirectory)</c>, those passed in), properties the walked files define
/// (<c>&lt;RepoRoot&gt;$(MSBuildThisFileDirectory)&lt;/RepoRoot&gt;</c>), the path functions
/// <c>GetPathOfFileAbove</c>, <c>GetDirectoryNameOfFileAbove</c>, <c>NormalizePath</c>,
/// <c>NormalizeDirectory</c>, <c>EnsureTrailingSlash</c>, relative paths and wildcards.
/// Conditions are not evaluated: an import is followed when its file exists. An import whose path
/// still holds something unknown is not followed; files outside the repository (the SDK,
/// packages) are never read.
/// </summary>
public static partial class ImportGraph
{
    [GeneratedRegex(@"\$\(\s*(?<name>[A-Za-z_][A-Za-z0-9_\-]*)\s*\)")]
    private static partial Regex PropertyReference();

    [GeneratedRegex(@"\$\(\s*\[MSBuild\]::(?<function>[A-Za-z]+)\(\s*(?<arguments>[^()]*)\)\s*\)", RegexOptions.IgnoreCase)]
    private static partial Regex PathFunction();

    /// <summary>
    /// Every element of <paramref name="roots"/> (in order) and of the files they import from
    /// inside <paramref name="repositoryRoot"/>, an imported file's elements in place of its Import.
    /// </summary>
    public static IEnumerable<EvaluatedElement> Walk(IBuildEngine? engine, IEnumerable<string> roots, string repositoryRoot,
        IReadOnlyDictionary<string, string> properties, ImportProbes? probes = null)
    {
        var visited = new HashSet<string>(Core.PathComparison.Comparer);
        var defined = new Dictionary<string, string>(properties, StringComparer.OrdinalIgnoreCase);
        foreach (var root in roots)
        {
            if (string.IsNullOrWhiteSpace(root))
            {
                continue;
            }

            foreach (var element in WalkFile(engine, Path.GetFullPath(root), repositoryRoot, defined, visited, probes, isRoot: true))
            {
                yield return element;
            }
        }
    }

    private static IEnumerable<EvaluatedElement> WalkFile(IBuildEngine? engine, string path, string repositoryRoot,
        Dictionary<string, string> defined, HashSet<string> visited, ImportProbes? probes, bool isRoot)
    {
        if (!isRoot && !IsInside(path, repositoryRoot))
        {
            yield break;
        }

        if (!File.Exists(path))
        {
            probes?.Patterns.Add(path);
            yield break;
        }

        if (!visited.Add(path))
        {
            yield break;
        }

        var file = Core.BuildCache.GetForFile(engine, "msbuild-file", path, MSBuildFile.Load);
        if (file.Document.Root is null)
        {
            yield break;
        }

        foreach (var element in file.Document.Root.DescendantsAndSelf())
        {
            yield return new EvaluatedElement(file, element);
            if (element.Parent?.Name.LocalName == "PropertyGroup" && !element.HasElements)
            {
                // A property later imports may be built from (last definition wins, as in MSBuild).
                defined[element.Name.LocalName] = Expand(element.Value.Trim(), file, defined);
                continue;
            }

            if (element.Name.LocalName != "Import" || element.Attribute("Sdk") is not null)
            {
                continue;
            }

            foreach (var imported in ResolveImport(element.Attribute("Project")?.Value, file, defined, probes))
            {
                foreach (var inner in WalkFile(engine, imported, repositoryRoot, defined, visited, probes, isRoot: false))
                {
                    yield return inner;
                }
            }
        }
    }

    /// <summary>The files an <c>Import Project</c> value names, when it can be resolved without MSBuild.</summary>
    public static IEnumerable<string> ResolveImport(string? project, MSBuildFile importing, IReadOnlyDictionary<string, string> properties,
        ImportProbes? probes = null)
    {
        if (string.IsNullOrWhiteSpace(project))
        {
            return [];
        }

        var expanded = Expand(project, importing, properties);
        if (expanded.Contains("$(", StringComparison.Ordinal) || expanded.Contains("@(", StringComparison.Ordinal)
            || expanded.Contains("%(", StringComparison.Ordinal))
        {
            return [];
        }

        return expanded
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .SelectMany(part => ExpandWildcards(Path.Combine(importing.Directory, part), probes));
    }

    /// <summary>Expands property references and path functions the way MSBuild would, as far as it can.</summary>
    private static string Expand(string value, MSBuildFile file, IReadOnlyDictionary<string, string> properties)
    {
        if (value.IndexOf('$') < 0)
        {
            return ToNativeSeparators(value);
        }

        var thisFile = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["MSBuildThisFileDirectory"] = file.Directory + Path.DirectorySeparatorChar,
            ["MSBuildThisFileFullPath"] = file.Path,
            ["MSBuildThisFile"] = Path.GetFileName(file.Path),
            ["MSBuildThisFileName"] = Path.GetFileNameWithoutExtension(file.Path),
            ["MSBuildThisFileExtension"] = Path.GetExtension(file.Path),
        };

        var expanded = ToNativeSeparators(PropertyReference().Replace(value, m =>
            thisFile.TryGetValue(m.Groups["name"].Value, out var known) || properties.TryGetValue(m.Groups["name"].Value, out known)
                ? known
                : m.Value));

        // Innermost calls first: a call whose arguments hold no parentheses any more.
        for (var previous = string.Empty; previous != expanded;)
        {
            previous = expanded;
            expanded = PathFunction().Replace(expanded, m => CallPathFunction(m.Groups["function"].Value, Arguments(m.Groups["arguments"].Value), file) ?? m.Value);
        }

        return expanded;
    }

    private static string? CallPathFunction(string function, string[] arguments, MSBuildFile file)
    {
        string Resolve(string path) => Path.GetFullPath(Path.Combine(file.Directory, path));

        switch (function.ToUpperInvariant())
        {
            case "GETPATHOFFILEABOVE" when arguments.Length is 1 or 2:
            {
                var start = arguments.Length == 2 && arguments[1].Length > 0 ? Resolve(arguments[1]) : file.Directory;
                return FindAbove(start, arguments[0]) is { } dir ? Path.Combine(dir, arguments[0]) : string.Empty;
            }

            case "GETDIRECTORYNAMEOFFILEABOVE" when arguments.Length == 2:
                return FindAbove(Resolve(arguments[0]), arguments[1]) ?? string.Empty;
            case "NORMALIZEPATH" when arguments.Length > 0:
                return Resolve(Path.Combine(arguments));
            case "NORMALIZEDIRECTORY" when arguments.Length > 0:
                return EnsureTrailingSeparator(Resolve(Path.Combine(arguments)));
            case "ENSURETRAILINGSLASH" when arguments.Length == 1:
                return arguments[0].Length == 0 ? string.Empty : EnsureTrailingSeparator(arguments[0]);
            default:
                return null;
        }
    }

    private static string[] Arguments(string arguments) =>
        arguments.Trim().Length == 0
            ? []
            : [.. arguments.Split(',').Select(a => a.Trim().Trim('\'', '"', '`').Trim())];

    private static string ToNativeSeparators(string path) =>
        Path.DirectorySeparatorChar == '/' ? path.Replace('\\', '/') : path;

    private static string EnsureTrailingSeparator(string path) =>
        path.EndsWith(Path.DirectorySeparatorChar) || path.EndsWith(Path.AltDirectorySeparatorChar) ? path : path + Path.DirectorySeparatorChar;

    private static IEnumerable<string> ExpandWildcards(string path, ImportProbes? probes)
    {
        if (path.IndexOfAny(['*', '?']) < 0)
        {
            return [Path.GetFullPath(path)];
        }

        probes?.Patterns.Add(Path.GetFullPath(path));
        var directory = Path.GetDirectoryName(path);
        if (directory is null || directory.IndexOfAny(['*', '?']) >= 0 || !Directory.Exists(directory))
        {
            return [];
        }

        return Directory.GetFiles(directory, Path.GetFileName(path)).Order(StringComparer.Ordinal).Select(Path.GetFullPath);
    }

    private static string? FindAbove(string startDirectory, string fileName)
    {
        for (var dir = new DirectoryInfo(Path.GetFullPath(startDirectory)); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, fileName)))
            {
                return dir.FullName;
            }
        }

        return null;
    }

    public static bool IsInside(string path, string directory)
    {
        if (string.IsNullOrEmpty(directory))
        {
            return false;
        }

        return Path.GetFullPath(path).StartsWith(EnsureTrailingSeparator(Path.GetFullPath(directory)), Core.PathComparison.Comparison);
    }

}
