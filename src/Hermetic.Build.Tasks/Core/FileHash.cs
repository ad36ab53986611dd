using System.Security.Cryptography;
using Microsoft.Build.Framework;

namespace Hermetic.Build.Core;

/// <summary>
/// File hashes, streamed (a large file is never read into memory) and memoized per build by the
/// file's path, length and write time: a file that several projects or checks need is hashed once.
/// </summary>
public static class FileHash
{
    private const int BufferSize = 1 << 20;

    /// <summary>Lowercase hex SHA-256 of a file's bytes.</summary>
    public static string Sha256Hex(string path)
    {
        using var stream = OpenSequential(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>Base64 SHA-512 of a file's bytes (NuGet's hash notation).</summary>
    public static string Sha512Base64(string path)
    {
        using var stream = OpenSequential(path);
        return Convert.ToBase64String(SHA512.HashData(stream));
    }

    /// <summary><see cref="Sha256Hex(string)"/>, once per build for an unchanged file.</summary>
    public static string Sha256Hex(IBuildEngine? engine, string path) =>
        BuildCache.GetForFile(engine, "sha256", path, Sha256Hex);

    /// <summary><see cref="Sha512Base64(string)"/>, once per build for an unchanged file.</summary>
    public static string Sha512Base64(IBuildEngine? engine, string path) =>
        BuildCache.GetForFile(engine, "sha512", path, Sha512Base64);

    public static FileStream OpenSequential(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, BufferSize, FileOptions.SequentialScan);
}
