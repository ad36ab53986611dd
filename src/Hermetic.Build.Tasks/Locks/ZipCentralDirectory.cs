using System.Buffers.Binary;
using System.Text;

namespace Hermetic.Build.Locks;

/// <summary>One record of a zip's central directory, with where it and its local entry lie in the file.</summary>
/// <param name="Position">Offset of the central directory record.</param>
/// <param name="HeaderSize">Size of the central directory record (fixed part, name, extra field, comment).</param>
/// <param name="LocalHeaderOffset">Offset of the entry's local file header.</param>
/// <param name="RawName">The entry name as stored (bytes, as the archive spells them).</param>
public sealed record ZipDirectoryRecord(long Position, long HeaderSize, long LocalHeaderOffset, byte[] RawName)
{
    /// <summary>Size of the local entry: from its local header to the next local header, or to the
    /// central directory for the last one (header, name, extra field, data, data descriptor).</summary>
    public long EntrySize { get; internal set; }

    public string Name => Encoding.UTF8.GetString(RawName);
}

/// <summary>
/// The central directory of a zip file (a .nupkg), read directly from its bytes: what the NuGet
/// content hash of a signed package needs (offsets and sizes), which System.IO.Compression hides.
/// </summary>
public sealed class ZipCentralDirectory
{
    internal const uint EndOfCentralDirectorySignature = 0x06054b50;
    internal const uint CentralDirectoryHeaderSignature = 0x02014b50;
    private const int EndOfCentralDirectoryFixedSize = 22;
    private const int CentralDirectoryFixedSize = 46;

    private ZipCentralDirectory(IReadOnlyList<ZipDirectoryRecord> records, long endOfCentralDirectoryPosition)
    {
        Records = records;
        EndOfCentralDirectoryPosition = endOfCentralDirectoryPosition;
    }

    /// <summary>The records in central directory order.</summary>
    public IReadOnlyList<ZipDirectoryRecord> Records { get; }

    /// <summary>Offset of the end-of-central-directory record.</summary>
    public long EndOfCentralDirectoryPosition { get; }

    /// <summary>Offset of the first central directory record.</summary>
    public long CentralDirectoryStart => Records.Min(r => r.Position);

    public static ZipCentralDirectory Read(Stream stream)
    {
        var length = stream.Length;
        if (length < EndOfCentralDirectoryFixedSize)
        {
            throw new InvalidDataException("it is too short to be a zip archive");
        }

        // The end record sits in the last 22 bytes plus at most a 65535-byte comment.
        var tailLength = (int)Math.Min(length, EndOfCentralDirectoryFixedSize + ushort.MaxValue);
        var tail = new byte[tailLength];
        stream.Seek(length - tailLength, SeekOrigin.Begin);
        stream.ReadExactly(tail);
        var endIndex = -1;
        for (var i = tailLength - EndOfCentralDirectoryFixedSize; i >= 0; i--)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(i)) == EndOfCentralDirectorySignature)
            {
                endIndex = i;
                break;
            }
        }

        if (endIndex < 0)
        {
            throw new InvalidDataException("it has no zip end-of-central-directory record");
        }

        var end = tail.AsSpan(endIndex);
        var entryCount = BinaryPrimitives.ReadUInt16LittleEndian(end[10..]);
        var directoryOffset = BinaryPrimitives.ReadUInt32LittleEndian(end[16..]);
        if (directoryOffset == uint.MaxValue || entryCount == ushort.MaxValue)
        {
            throw new InvalidDataException("it is a zip64 archive, which a signed NuGet package cannot be");
        }

        var records = new List<ZipDirectoryRecord>(entryCount);
        var header = new byte[CentralDirectoryFixedSize];
        long position = directoryOffset;
        for (var i = 0; i < entryCount; i++)
        {
            stream.Seek(position, SeekOrigin.Begin);
            stream.ReadExactly(header);
            if (BinaryPrimitives.ReadUInt32LittleEndian(header) != CentralDirectoryHeaderSignature)
            {
                throw new InvalidDataException($"zip central directory record {i + 1} at offset {position} is malformed");
            }

            var nameLength = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(28));
            var extraLength = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(30));
            var commentLength = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(32));
            var localOffset = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(42));
            var name = new byte[nameLength];
            stream.ReadExactly(name);
            var size = (long)CentralDirectoryFixedSize + nameLength + extraLength + commentLength;
            records.Add(new ZipDirectoryRecord(position, size, localOffset, name));
            position += size;
        }

        if (records.Count == 0)
        {
            throw new InvalidDataException("the zip archive has no entries");
        }

        var endPosition = length - tailLength + endIndex;
        var directoryStart = records.Min(r => r.Position);
        var byOffset = records.OrderBy(r => r.LocalHeaderOffset).ToArray();
        for (var i = 0; i < byOffset.Length; i++)
        {
            var next = i + 1 < byOffset.Length ? byOffset[i + 1].LocalHeaderOffset : directoryStart;
            if (next < byOffset[i].LocalHeaderOffset)
            {
                throw new InvalidDataException("a zip entry lies after the central directory");
            }

            byOffset[i].EntrySize = next - byOffset[i].LocalHeaderOffset;
        }

        return new ZipCentralDirectory(records, endPosition);
    }
}
