using Hermetic.Build.Core;
using Microsoft.Build.Framework;

namespace Hermetic.Build.Codegen;

/// <summary>The files of a generated folder: listing with hashes, and replacing one folder's
/// contents with another's.</summary>
public static class GeneratedFolder
{
    /// <summary>Every file below <paramref name="directory"/> (relative path with '/', ordinal
    /// order) with its SHA-256; empty when the folder does not exist.</summary>
    public static SortedDictionary<string, string> Hashes(string directory, IBuildEngine? engine = null)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Files(directory))
        {
            result[RepositoryPaths.Relative(directory, file)] = engine is null ? FileHash.Sha256Hex(file) : FileHash.Sha256Hex(engine, file);
        }

        return result;
    }

    /// <summary>Every file below <paramref name="directory"/>, full paths, ordinal order.</summary>
    public static IReadOnlyList<string> Files(string directory) =>
        Directory.Exists(directory)
            ? Directory.EnumerateFiles(directory, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = false })
                .Select(Path.GetFullPath)
                .OrderBy(f => f, StringComparer.Ordinal)
                .ToList()
            : [];

    /// <summary>
    /// Makes <paramref name="target"/> hold exactly the files of <paramref name="source"/>: files no
    /// longer generated are deleted (and folders left empty), new and changed files are written
    /// atomically, unchanged files are left alone (their timestamps too, so incremental builds
    /// stay incremental). Returns the target's files.
    /// </summary>
    public static IReadOnlyList<string> Replace(string target, string source)
    {
        var wanted = Files(source).ToDictionary(f => RepositoryPaths.Relative(source, f), f => f, StringComparer.Ordinal);
        foreach (var existing in Files(target))
        {
            if (!wanted.ContainsKey(RepositoryPaths.Relative(target, existing)))
            {
                File.Delete(existing);
            }
        }

        RemoveEmptyFolders(target);
        var written = new List<string>();
        foreach (var (relative, file) in wanted)
        {
            var destination = Path.Combine(target, relative.Replace('/', Path.DirectorySeparatorChar));
            AtomicFile.WriteAllBytes(destination, File.ReadAllBytes(file));
            written.Add(Path.GetFullPath(destination));
        }

        Directory.CreateDirectory(target);
        return written;
    }

    private static void RemoveEmptyFolders(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return;
        }

        foreach (var child in Directory.EnumerateDirectories(directory))
        {
            RemoveEmptyFolders(child);
            if (!Directory.EnumerateFileSystemEntries(child).Any())
            {
                Directory.Delete(child);
            }
        }
    }
}
