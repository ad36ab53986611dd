using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Hermetic.Build.Tests.TestSupport;

/// <summary>Small .nupkg files built in memory, and the same package "signed": a <c>.signature.p7s</c>
/// entry added the way NuGet's signer adds it (a stored local entry after the others, a central
/// directory record, the end record updated), so the content hash can be checked without a certificate.</summary>
public static class TestPackages
{
    public static byte[] Nupkg(string id, string version, IReadOnlyDictionary<string, byte[]>? files = null)
    {
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            Add(zip, id + ".nuspec", Encoding.UTF8.GetBytes(
                $"<?xml version=\"1.0\"?><package><metadata><id>{id}</id><version>{version}</version><authors>test</authors><description>test</description></metadata></package>"));
            foreach (var (name, content) in files ?? new Dictionary<string, byte[]>())
            {
                Add(zip, name, content);
            }
        }

        return memory.ToArray();
    }

    private static void Add(ZipArchive zip, string name, byte[] content)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
        entry.LastWriteTime = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
        using var stream = entry.Open();
        stream.Write(content);
    }

    /// <summary><paramref name="unsigned"/> with a signature entry inserted; <paramref name="recordFirst"/>
    /// puts its central directory record first instead of last.</summary>
    public static byte[] Sign(byte[] unsigned, byte[] signature, bool recordFirst = false)
    {
        var endPos = FindEnd(unsigned);
        var entryCount = BinaryPrimitives.ReadUInt16LittleEndian(unsigned.AsSpan(endPos + 10));
        var directorySize = (int)BinaryPrimitives.ReadUInt32LittleEndian(unsigned.AsSpan(endPos + 12));
        var directoryOffset = (int)BinaryPrimitives.ReadUInt32LittleEndian(unsigned.AsSpan(endPos + 16));
        var name = Encoding.ASCII.GetBytes(".signature.p7s");
        var crc = Crc32(signature);

        var local = new byte[30 + name.Length + signature.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(local, 0x04034b50);
        BinaryPrimitives.WriteUInt16LittleEndian(local.AsSpan(4), 20);
        BinaryPrimitives.WriteUInt32LittleEndian(local.AsSpan(14), crc);
        BinaryPrimitives.WriteUInt32LittleEndian(local.AsSpan(18), (uint)signature.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(local.AsSpan(22), (uint)signature.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(local.AsSpan(26), (ushort)name.Length);
        name.CopyTo(local, 30);
        signature.CopyTo(local, 30 + name.Length);

        var record = new byte[46 + name.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(record, 0x02014b50);
        BinaryPrimitives.WriteUInt16LittleEndian(record.AsSpan(4), 20);
        BinaryPrimitives.WriteUInt16LittleEndian(record.AsSpan(6), 20);
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(16), crc);
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(20), (uint)signature.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(24), (uint)signature.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(record.AsSpan(28), (ushort)name.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(42), (uint)directoryOffset);
        name.CopyTo(record, 46);

        // Every existing central directory record keeps its local offset (the new entry goes last).
        var directory = unsigned.AsSpan(directoryOffset, directorySize).ToArray();
        var end = unsigned.AsSpan(endPos).ToArray();
        BinaryPrimitives.WriteUInt16LittleEndian(end.AsSpan(8), (ushort)(entryCount + 1));
        BinaryPrimitives.WriteUInt16LittleEndian(end.AsSpan(10), (ushort)(entryCount + 1));
        BinaryPrimitives.WriteUInt32LittleEndian(end.AsSpan(12), (uint)(directorySize + record.Length));
        BinaryPrimitives.WriteUInt32LittleEndian(end.AsSpan(16), (uint)(directoryOffset + local.Length));

        using var output = new MemoryStream();
        output.Write(unsigned, 0, directoryOffset);
        output.Write(local);
        if (recordFirst)
        {
            output.Write(record);
            output.Write(directory);
        }
        else
        {
            output.Write(directory);
            output.Write(record);
        }

        output.Write(end);
        return output.ToArray();
    }

    /// <summary>Where the zip's central directory starts (from its end record).</summary>
    public static int CentralDirectoryStart(byte[] zip) => (int)BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(FindEnd(zip) + 16));

    private static int FindEnd(byte[] zip)
    {
        for (var i = zip.Length - 22; i >= 0; i--)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(i)) == 0x06054b50)
            {
                return i;
            }
        }

        throw new InvalidDataException("no end record");
    }

    private static uint Crc32(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }
}
