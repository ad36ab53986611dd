using System.IO.Compression;
using Hermetic.Build.Core;
using Microsoft.Build.Framework;
using NuGet.Packaging;
using NuGet.Packaging.Core;

namespace Hermetic.Build.Locks;

/// <summary>
/// A .nupkg read with NuGet's own package reader (the SDK's NuGet.Packaging at build time): its content
/// hash as NuGet locks it, its entries, whether it is signed, its nuspec. A file that is not a readable
/// package (truncated, not a zip, a broken signature) becomes <see cref="HermeticInputException"/>
/// naming the file, never another exception.
/// </summary>
public static class NupkgFile
{
    /// <summary>NuGet's content hash (the <c>contentHash</c> of packages.lock.json and .nupkg.metadata): base64
    /// SHA-512 of the package, for a signed one of the package as it was before its signature was added.</summary>
    public static string ContentHash(string nupkgPath) => Read(nupkgPath, reader => reader.GetContentHash(CancellationToken.None));

    /// <summary>Once per build for an unchanged file (path, length and write time).</summary>
    public static string ContentHash(IBuildEngine? engine, string nupkgPath) =>
        BuildCache.GetForFile(engine, "nuget-content-hash", nupkgPath, ContentHash);

    /// <summary>The content hash of a package held in memory or in any stream (left open).</summary>
    public static string ContentHash(Stream package)
    {
        using var reader = new PackageArchiveReader(package, leaveStreamOpen: true);
        return reader.GetContentHash(CancellationToken.None);
    }

    /// <summary>Whether the package carries a signature (a repository or author signature).</summary>
    public static bool IsSigned(string nupkgPath) => Read(nupkgPath, reader => reader.IsSignedAsync(CancellationToken.None).GetAwaiter().GetResult());

    /// <summary>The package's identity as its nuspec says it.</summary>
    public static PackageIdentity Identity(string nupkgPath) => Read(nupkgPath, reader => reader.GetIdentity());

    /// <summary>Runs <paramref name="read"/> on the package; a package NuGet cannot read is a <see cref="HermeticInputException"/>.</summary>
    public static T Read<T>(string nupkgPath, Func<PackageArchiveReader, T> read)
    {
        try
        {
            using var reader = new PackageArchiveReader(nupkgPath);
            return read(reader);
        }
        catch (Exception e) when (IsUnreadablePackage(e))
        {
            throw Unreadable(nupkgPath, e);
        }
    }

    /// <summary>The failures of NuGet's reader on a file that is not a well-formed package.</summary>
    public static bool IsUnreadablePackage(Exception e) =>
        e is InvalidDataException or EndOfStreamException or PackagingException or ArgumentException or FormatException
            or System.Xml.XmlException or NotSupportedException
        || (e is IOException && e is not FileNotFoundException and not DirectoryNotFoundException)
        || (e is InvalidOperationException && e.InnerException is not null && IsUnreadablePackage(e.InnerException));

    public static HermeticInputException Unreadable(string nupkgPath, Exception e) =>
        new(new SourceLocation(nupkgPath), $"'{nupkgPath}' is not a readable package ({e.Message.TrimEnd('.')}): it is truncated or damaged", e);

    /// <summary>Entries of the package by the path NuGet extracts them to ('%20' unescaped, '/' separators).</summary>
    internal static Dictionary<string, ZipArchiveEntry> EntriesByExtractedPath(PackageArchiveReader reader, StringComparer comparer)
    {
        var entries = new Dictionary<string, ZipArchiveEntry>(comparer);
        foreach (var file in reader.GetFiles())
        {
            if (reader.GetEntry(file) is { } entry)
            {
                entries.TryAdd(file.Replace('\\', '/'), entry);
            }
        }

        return entries;
    }
}
