using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Hermetic.Build.Core;

namespace Hermetic.Build.Verify;

/// <summary>A tracked file a verification build changed or deleted, or a file it added where a tracked file could be.</summary>
/// <param name="Path">Relative to the repository's root, with '/'.</param>
/// <param name="Kind"><c>changed</c>, <c>deleted</c> or <c>added</c>.</param>
/// <param name="Line">The first changed line (1-based) of a changed text file; 0 otherwise.</param>
/// <param name="Detail">What changed, for a person.</param>
public sealed record TrackedFileChange(string Path, string Kind, int Line, string Detail);

/// <summary>
/// HB3004, "git diff --exit-code" without git: the SHA-256 of every tracked file of a copy,
/// recorded when it is staged, compared after the copy's build. A build must leave the files it
/// was given as they are: a changed or deleted tracked file fails the proof, and so does a new
/// untracked file outside the folders builds write to (bin, obj, artifacts) unless the caller's
/// ignore rule says otherwise.
/// </summary>
public sealed class TrackedFileSnapshot
{
    private static readonly string[] OutputFolders = ["bin", "obj", "artifacts"];

    private readonly IReadOnlyDictionary<string, string> _hashes;

    private TrackedFileSnapshot(string root, IReadOnlyDictionary<string, string> hashes)
    {
        Root = root;
        _hashes = hashes;
    }

    /// <summary>The copy's root.</summary>
    public string Root { get; }

    public int Count => _hashes.Count;

    /// <summary>Hashes the tracked files present in the copy at <paramref name="root"/> (several at once: a repository has many small files).</summary>
    public static TrackedFileSnapshot Record(string root, IEnumerable<string> trackedFiles)
    {
        var hashes = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        Parallel.ForEach(trackedFiles, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Environment.ProcessorCount) }, relative =>
        {
            if (HashOf(Path.Combine(root, relative)) is { } hash)
            {
                hashes[relative] = hash;
            }
        });
        return new TrackedFileSnapshot(root, hashes);
    }

    /// <summary>
    /// What the build changed. <paramref name="committed"/> gives a tracked file's bytes as they
    /// were staged (null when unknown), for the first changed line; <paramref name="isIgnored"/>
    /// says whether git ignores a new file (path relative to the root, with '/').
    /// </summary>
    public IReadOnlyList<TrackedFileChange> Changes(Func<string, byte[]?> committed, Func<string, bool> isIgnored)
    {
        var changes = new ConcurrentBag<TrackedFileChange>();
        Parallel.ForEach(_hashes, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Environment.ProcessorCount) }, entry =>
        {
            var file = Path.Combine(Root, entry.Key);
            var hash = HashOf(file);
            if (hash is null)
            {
                changes.Add(new TrackedFileChange(entry.Key, "deleted", 0, "the build deleted it"));
            }
            else if (hash != entry.Value)
            {
                changes.Add(Changed(entry.Key, committed(entry.Key), file));
            }
        });

        foreach (var added in NewFiles(Root, Root).Where(path => !isIgnored(path)))
        {
            changes.Add(new TrackedFileChange(added, "added", 0, "the build wrote this untracked file outside bin/, obj/ and artifacts/"));
        }

        return [.. changes.OrderBy(c => c.Path, StringComparer.Ordinal)];
    }

    /// <summary>The first changed line of a text file, as committed and as the build left it.</summary>
    public static TrackedFileChange Changed(string path, byte[]? before, string file)
    {
        var after = File.Exists(file) && new FileInfo(file).LinkTarget is null ? File.ReadAllBytes(file) : null;
        if (before is null || after is null || !FileDiff.IsText(before) || !FileDiff.IsText(after))
        {
            return new TrackedFileChange(path, "changed", 0, "the build changed its content");
        }

        var linesBefore = Encoding.UTF8.GetString(before).Split('\n');
        var linesAfter = Encoding.UTF8.GetString(after).Split('\n');
        var index = 0;
        while (index < linesBefore.Length && index < linesAfter.Length && linesBefore[index] == linesAfter[index])
        {
            index++;
        }

        var line = index + 1;
        return new TrackedFileChange(path, "changed", line,
            $"line {line.ToString(CultureInfo.InvariantCulture)} is {Quote(linesBefore, index)} as committed and {Quote(linesAfter, index)} after the build");
    }

    private IEnumerable<string> NewFiles(string root, string directory)
    {
        foreach (var entry in new DirectoryInfo(directory).EnumerateFileSystemInfos())
        {
            var relative = Path.GetRelativePath(root, entry.FullName).Replace('\\', '/');
            if (entry is DirectoryInfo folder && folder.LinkTarget is null)
            {
                if (relative == ".git" || OutputFolders.Contains(folder.Name, StringComparer.OrdinalIgnoreCase))
                {
                    continue;
                }

                foreach (var file in NewFiles(root, folder.FullName))
                {
                    yield return file;
                }
            }
            else if (!_hashes.ContainsKey(relative))
            {
                yield return relative;
            }
        }
    }

    private static string Quote(string[] lines, int index)
    {
        if (index >= lines.Length)
        {
            return "(end of file)";
        }

        var text = lines[index].TrimEnd('\r');
        return "\"" + (text.Length > 80 ? text[..80] + "…" : text) + "\"";
    }

    // A symbolic link is hashed by where it points, as git records it.
    private static string? HashOf(string file)
    {
        var info = new FileInfo(file);
        if (info.LinkTarget is { } target)
        {
            return "link:" + target;
        }

        return info.Exists ? FileHash.Sha256Hex(file) : null;
    }
}
