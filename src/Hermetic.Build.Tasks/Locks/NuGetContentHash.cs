using System.Buffers.Binary;
using System.Security.Cryptography;
using Hermetic.Build.Infrastructure;
using Microsoft.Build.Framework;

namespace Hermetic.Build.Locks;

/// <summary>
/// NuGet's content hash of a package (the <c>contentHash</c> of packages.lock.json and of
/// <c>.nupkg.metadata</c>): base64 SHA-512. For an unsigned package, of the .nupkg file. For a signed
/// one (an entry <c>.signature.p7s</c>), of the archive as it was before signing: the bytes of the zip
/// without the signature's local entry and central directory record, with the offsets and counts that
/// removal changes rewritten, so that a repository signature added later does not change the hash.
/// </summary>
public static class NuGetContentHash
{
    public const string SignatureEntryName = ".signature.p7s";

    /// <summary>The content hash of the package at <paramref name="nupkgPath"/>.</summary>
    public static string Compute(string nupkgPath)
    {
        using var stream = FileHash.OpenSequential(nupkgPath);
        return Compute(stream);
    }

    /// <summary>Once per build for an unchanged file (path, length and write time).</summary>
    public static string Compute(IBuildEngine? engine, string nupkgPath) =>
        BuildCache.GetForFile(engine, "nuget-content-hash", nupkgPath, Compute);

    public static string Compute(Stream stream)
    {
        var directory = ZipCentralDirectory.Read(stream);
        var signature = directory.Records.Where(IsSignature).ToArray();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA512);
        if (signature.Length == 0)
        {
            stream.Seek(0, SeekOrigin.Begin);
            HashRange(stream, hash, 0, stream.Length);
            return Convert.ToBase64String(hash.GetHashAndReset());
        }

        if (signature.Length > 1)
        {
            throw new InvalidDataException("the package has more than one signature entry");
        }

        HashWithoutSignature(stream, directory, signature[0], hash);
        return Convert.ToBase64String(hash.GetHashAndReset());
    }

    private static bool IsSignature(ZipDirectoryRecord record) =>
        record.RawName.AsSpan().SequenceEqual(".signature.p7s"u8);

    private static void HashWithoutSignature(Stream stream, ZipCentralDirectory directory, ZipDirectoryRecord signature, IncrementalHash hash)
    {
        var kept = directory.Records.Where(r => !ReferenceEquals(r, signature)).ToList();

        // Whatever precedes the first local entry, then every other local entry, in file order,
        // packed together: the offsets they would have without the signature entry.
        var firstEntry = directory.Records.Min(r => r.LocalHeaderOffset);
        HashRange(stream, hash, 0, firstEntry);
        var newOffsets = new Dictionary<ZipDirectoryRecord, long>(ReferenceEqualityComparer.Instance);
        long packedEnd = 0;
        foreach (var record in kept.OrderBy(r => r.LocalHeaderOffset))
        {
            newOffsets[record] = packedEnd;
            packedEnd += record.EntrySize;
            HashRange(stream, hash, record.LocalHeaderOffset, record.EntrySize);
        }

        // The other central directory records, each with its local header offset rewritten.
        Span<byte> field = stackalloc byte[4];
        foreach (var record in kept.OrderBy(r => r.Position))
        {
            HashRange(stream, hash, record.Position, 42);
            BinaryPrimitives.WriteUInt32LittleEndian(field, checked((uint)newOffsets[record]));
            hash.AppendData(field);
            HashRange(stream, hash, record.Position + 46, record.HeaderSize - 46);
        }

        // The end record: one entry fewer, a smaller central directory that starts earlier.
        var end = new byte[22];
        stream.Seek(directory.EndOfCentralDirectoryPosition, SeekOrigin.Begin);
        stream.ReadExactly(end);
        hash.AppendData(end, 0, 8);
        Span<byte> rewritten = stackalloc byte[12];
        BinaryPrimitives.WriteUInt16LittleEndian(rewritten, (ushort)(BinaryPrimitives.ReadUInt16LittleEndian(end.AsSpan(8)) - 1));
        BinaryPrimitives.WriteUInt16LittleEndian(rewritten[2..], (ushort)(BinaryPrimitives.ReadUInt16LittleEndian(end.AsSpan(10)) - 1));
        BinaryPrimitives.WriteUInt32LittleEndian(rewritten[4..], (uint)(BinaryPrimitives.ReadUInt32LittleEndian(end.AsSpan(12)) - signature.HeaderSize));
        BinaryPrimitives.WriteUInt32LittleEndian(rewritten[8..], (uint)(BinaryPrimitives.ReadUInt32LittleEndian(end.AsSpan(16)) - signature.EntrySize));
        hash.AppendData(rewritten);
        var rest = directory.EndOfCentralDirectoryPosition + 20;
        HashRange(stream, hash, rest, stream.Length - rest);
    }

    private static void HashRange(Stream stream, IncrementalHash hash, long start, long count)
    {
        if (count <= 0)
        {
            return;
        }

        if (start < 0 || start + count > stream.Length)
        {
            throw new InvalidDataException("a zip record points outside the file");
        }

        stream.Seek(start, SeekOrigin.Begin);
        var buffer = new byte[(int)Math.Min(count, 1 << 16)];
        while (count > 0)
        {
            var read = stream.Read(buffer, 0, (int)Math.Min(count, buffer.Length));
            if (read <= 0)
            {
                throw new EndOfStreamException("the zip file ended early");
            }

            hash.AppendData(buffer, 0, read);
            count -= read;
        }
    }
}
