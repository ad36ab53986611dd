using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.Build.Framework;

namespace Hermetic.Build.MSBuildFiles;

/// <summary>An element of a repository's MSBuild file, in the order MSBuild evaluates it.</summary>
public readonly record struct EvaluatedElement(MSBuildFile File, XElement Element);

/// <summary>
/// The project file and the files it imports from inside the repository, walked in evaluation
/// order. A task cannot see MSBuild's own import list, so imports are followed from the XML:
/// property references to the well-known paths (<c>$(MSBuildThisFileDirectory)</c>,
/// <c>$(MSBuildProjectDirectory)</c> and the ones passed in), <c>GetPathOfFileAbove</c> and
/// <c>GetDirectoryNameOfFileAbove</c>, relative paths and wildcards. An import whose path still
/// holds an unknown property is not followed; files outside the repository (the SDK, packages)
/// are never read.
/// </summary>
public static partial class ImportGraph
{
    [GeneratedRegex(@"\$\(\s*(?<name>[A-Za-z_][A-Za-z0-9_\-]*)\s*\)")]
    private static partial Regex PropertyReference();

    [GeneratedRegex(@"\$\(\s*\[MSBuild\]::GetPathOfFileAbove\(\s*'?(?<file>[^',)]+)'?\s*(?:,\s*'?(?<dir>[^')]*)'?\s*)?\)\s*\)", RegexOptions.IgnoreCase)]
    private static partial Regex GetPathOfFileAbove();

    [GeneratedRegex(@"\$\(\s*\[MSBuild\]::GetDirectoryNameOfFileAbove\(\s*'?(?<dir>[^',]+)'?\s*,\s*'?(?<file>[^')]+)'?\s*\)\s*\)", RegexOptions.IgnoreCase)]
    private static partial Regex GetDirectoryNameOfFileAbove();

    /// <summary>
    /// Every element of <paramref name="roots"/> (in order) and of the files they import from
    /// inside <paramref name="repositoryRoot"/>, an imported file's elements in place of its Import.
    /// </summary>
    public static IEnumerable<EvaluatedElement> Walk(IBuildEngine? engine, IEnumerable<string> roots, string repositoryRoot,
        IReadOnlyDictionary<string, string> properties)
    {
        var visited = new HashSet<string>(PathComparer);
        foreach (var root in roots)
        {
            if (string.IsNullOrWhiteSpace(root))
            {
                continue;
            }

            foreach (var element in WalkFile(engine, Path.GetFullPath(root), repositoryRoot, properties, visited, isRoot: true))
            {
                yield return element;
            }
        }
    }

    private static IEnumerable<EvaluatedElement> WalkFile(IBuildEngine? engine, string path, string repositoryRoot,
        IReadOnlyDictionary<string, string> properties, HashSet<string> visited, bool isRoot)
    {
        if (!visited.Add(path) || !File.Exists(path) || (!isRoot && !IsInside(path, repositoryRoot)))
        {
            yield break;
        }

        var file = Infrastructure.BuildCache.GetForFile(engine, "msbuild-file", path, MSBuildFile.Load);
        if (file.Document.Root is null)
        {
            yield break;
        }

        foreach (var element in file.Document.Root.DescendantsAndSelf())
        {
            yield return new EvaluatedElement(file, element);
            if (element.Name.LocalName != "Import" || element.Attribute("Sdk") is not null)
            {
                continue;
            }

            foreach (var imported in ResolveImport(element.Attribute("Project")?.Value, file, properties))
            {
                foreach (var inner in WalkFile(engine, imported, repositoryRoot, properties, visited, isRoot: false))
                {
                    yield return inner;
                }
            }
        }
    }

    /// <summary>The files an <c>Import Project</c> value names, when it can be resolved without MSBuild.</summary>
    public static IEnumerable<string> ResolveImport(string? project, MSBuildFile importing, IReadOnlyDictionary<string, string> properties)
    {
        if (string.IsNullOrWhiteSpace(project))
        {
            return [];
        }

        var thisFile = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["MSBuildThisFileDirectory"] = importing.Directory + Path.DirectorySeparatorChar,
            ["MSBuildThisFileFullPath"] = importing.Path,
            ["MSBuildThisFile"] = Path.GetFileName(importing.Path),
            ["MSBuildThisFileName"] = Path.GetFileNameWithoutExtension(importing.Path),
            ["MSBuildThisFileExtension"] = Path.GetExtension(importing.Path),
        };

        var expanded = PropertyReference().Replace(project, m =>
            thisFile.TryGetValue(m.Groups["name"].Value, out var value) || properties.TryGetValue(m.Groups["name"].Value, out value)
                ? value
                : m.Value);
        expanded = GetPathOfFileAbove().Replace(expanded, m =>
        {
            var start = m.Groups["dir"].Success && m.Groups["dir"].Value.Trim().Length > 0 ? m.Groups["dir"].Value : importing.Directory;
            return FindAbove(Path.Combine(importing.Directory, start.Trim()), m.Groups["file"].Value.Trim()) is { } dir
                ? Path.Combine(dir, m.Groups["file"].Value.Trim())
                : string.Empty;
        });
        expanded = GetDirectoryNameOfFileAbove().Replace(expanded, m =>
            FindAbove(Path.Combine(importing.Directory, m.Groups["dir"].Value.Trim()), m.Groups["file"].Value.Trim()) ?? string.Empty);

        if (expanded.Contains("$(", StringComparison.Ordinal) || expanded.Contains("@(", StringComparison.Ordinal)
            || expanded.Contains("%(", StringComparison.Ordinal))
        {
            return [];
        }

        return expanded
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .SelectMany(part => Expand(Path.Combine(importing.Directory, part.Replace('\\', Path.DirectorySeparatorChar))));
    }

    private static IEnumerable<string> Expand(string path)
    {
        if (path.IndexOfAny(['*', '?']) < 0)
        {
            return [Path.GetFullPath(path)];
        }

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

        var full = Path.GetFullPath(directory);
        if (!full.EndsWith(Path.DirectorySeparatorChar))
        {
            full += Path.DirectorySeparatorChar;
        }

        return Path.GetFullPath(path).StartsWith(full, PathComparison);
    }

    private static StringComparison PathComparison =>
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    private static StringComparer PathComparer =>
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
}
