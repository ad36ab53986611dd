using System.Collections.Concurrent;
using System.IO.Compression;
using Hermetic.Build.Core;
using Microsoft.Build.Framework;

namespace Hermetic.Build.Locks;

/// <summary>A package as NuGet extracts it into a packages folder: <c>&lt;folder&gt;/&lt;id&gt;/&lt;version&gt;/</c>
/// (both lowercase) holding the .nupkg and the files extracted from it.</summary>
public sealed record ExtractedPackage(string Id, string Version, string Directory)
{
    public string NupkgPath => Path.Combine(Directory, $"{Id.ToLowerInvariant()}.{Version.ToLowerInvariant()}.nupkg");

    /// <summary>Finds the package in the first of <paramref name="folders"/> that holds it; null when none does.</summary>
    public static ExtractedPackage? Find(IEnumerable<string> folders, string id, string version)
    {
        foreach (var folder in folders)
        {
            if (string.IsNullOrWhiteSpace(folder))
            {
                continue;
            }

            var directory = Path.Combine(Path.GetFullPath(folder), id.ToLowerInvariant(), version.ToLowerInvariant());
            if (System.IO.Directory.Exists(directory))
            {
                return new ExtractedPackage(id, version, Path.TrimEndingDirectorySeparator(directory) + Path.DirectorySeparatorChar);
            }
        }

        return null;
    }

    /// <summary>The path of a file of this package relative to its folder ('/'), or null when it lies elsewhere.</summary>
    public string? RelativePathOf(string file)
    {
        return PathComparison.RelativeTo(file, Directory);
    }

    /// <summary>Files NuGet writes beside the extracted content, which are not entries of the package.</summary>
    public bool IsRestoreMetadata(string relativePath)
    {
        if (relativePath.Contains('/'))
        {
            return false;
        }

        var lower = relativePath.ToLowerInvariant();
        return lower.EndsWith(".nupkg", StringComparison.Ordinal) || lower.EndsWith(".nupkg.sha512", StringComparison.Ordinal)
            || lower == ".nupkg.metadata" || lower.EndsWith(".nuspec", StringComparison.Ordinal) || lower == ".signature.p7s";
    }

    /// <summary>Every file under the package folder that NuGet extracted from the .nupkg (restore metadata left out).</summary>
    public IEnumerable<string> ExtractedFiles() =>
        System.IO.Directory.EnumerateFiles(Directory, "*", SearchOption.AllDirectories)
            .Where(f => !IsRestoreMetadata(RelativePathOf(f)!))
            .Order(StringComparer.Ordinal);
}

/// <summary>
/// Compares files extracted from a package with the entries of its .nupkg, byte for byte. The .nupkg is
/// opened once per comparison batch; each verdict is kept for the build (keyed by the .nupkg's and the
/// file's path, length and write time), so a file several projects consume is compared once.
/// </summary>
public static class PackageContents
{
    private sealed class Memo : ConcurrentDictionary<(FileStamp Nupkg, FileStamp File), string>;

    /// <summary>For each of <paramref name="files"/> (full paths inside the package folder) that differs
    /// from the package's entry: the file and why. An empty reason list means all match.</summary>
    public static IReadOnlyList<(string File, string Reason)> Compare(IBuildEngine? engine, ExtractedPackage package, IEnumerable<string> files)
    {
        var memo = BuildCache.GetOrCreate(engine, "package-contents", () => new Memo());
        var nupkgStamp = FileStamp.Of(package.NupkgPath);
        var pending = new List<(string File, FileStamp Stamp)>();
        var results = new List<(string File, string Reason)>();
        foreach (var file in files.Distinct(StringComparer.Ordinal))
        {
            var stamp = FileStamp.Of(file);
            if (memo.TryGetValue((nupkgStamp, stamp), out var known))
            {
                if (known.Length > 0)
                {
                    results.Add((file, known));
                }
            }
            else
            {
                pending.Add((file, stamp));
            }
        }

        if (pending.Count == 0)
        {
            return results;
        }

        NupkgFile.Read(package.NupkgPath, reader =>
        {
            var entries = NupkgFile.EntriesByExtractedPath(reader, StringComparer.Ordinal);
            var folded = new Dictionary<string, ZipArchiveEntry>(entries, StringComparer.OrdinalIgnoreCase);
            foreach (var (file, stamp) in pending)
            {
                var relative = package.RelativePathOf(file);
                string reason;
                if (relative is null)
                {
                    reason = "it is not inside the package's folder";
                }
                else if (!entries.TryGetValue(relative, out var entry) && !folded.TryGetValue(relative, out entry))
                {
                    reason = $"'{relative}' is not a file of the package";
                }
                else
                {
                    reason = Differs(file, entry);
                }

                memo[(nupkgStamp, stamp)] = reason;
                if (reason.Length > 0)
                {
                    results.Add((file, reason));
                }
            }

            return true;
        });

        return results;
    }

    private static string Differs(string file, ZipArchiveEntry entry)
    {
        var length = new FileInfo(file).Length;
        if (length != entry.Length)
        {
            return $"it has {length} bytes, the package's '{entry.FullName}' has {entry.Length}";
        }

        using var extracted = FileHash.OpenSequential(file);
        using var original = entry.Open();
        var a = new byte[1 << 16];
        var b = new byte[1 << 16];
        long offset = 0;
        while (true)
        {
            var read = original.ReadAtLeast(a, a.Length, throwOnEndOfStream: false);
            var readFile = extracted.ReadAtLeast(b.AsSpan(0, Math.Max(read, 1)), Math.Max(read, 1), throwOnEndOfStream: false);
            if (read == 0)
            {
                return readFile == 0 ? string.Empty : $"it differs from the package's '{entry.FullName}' from byte {offset} on (it is longer)";
            }

            // The first byte that differs, counted from the start of the file (0-based).
            var common = a.AsSpan(0, Math.Min(read, readFile)).CommonPrefixLength(b.AsSpan(0, Math.Min(read, readFile)));
            if (common < read)
            {
                return $"it differs from the package's '{entry.FullName}' at byte {offset + common}";
            }

            offset += read;
        }
    }
}
