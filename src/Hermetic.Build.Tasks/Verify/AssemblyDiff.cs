using System.Collections.Immutable;
using System.Globalization;
using System.IO.Compression;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using System.Text;

namespace Hermetic.Build.Verify;

/// <summary>
/// Where two .NET assemblies or portable PDBs differ, in .NET terms: the IL of which method, which
/// user string, manifest resource or assembly attribute, which metadata table or heap, the MVID,
/// the debug directory (PDB id and path, checksum, embedded PDB), the PE timestamp; for PDBs the
/// documents, embedded sources, source link, compilation options and sequence points. The content
/// differences come first: the MVID and PDB id are hashes of the content and follow from them.
/// </summary>
public static class AssemblyDiff
{
    private const int MaxParts = 8;

    private static readonly Dictionary<Guid, string> DebugInformationKinds = new()
    {
        [new Guid("0E8A571B-6926-466E-B4AD-8AB04611F5FE")] = "embedded source",
        [new Guid("CC110556-A091-4D38-9FEC-25AB9A351A6A")] = "source link",
        [new Guid("B5FEEC05-8CD0-4A83-96DA-466284BB4BD8")] = "compilation options",
        [new Guid("7E4D4708-096E-4C5C-AEDA-CB10BA6A740D")] = "compilation metadata references",
        [new Guid("58B2EAB6-209F-4E4B-A22C-B2D0F910C782")] = "default namespace",
        [new Guid("6DA9A61E-F8C7-4874-BE62-68BC5630DF71")] = "state machine hoisted local scopes",
        [new Guid("83C563C4-B4F3-47D5-B824-BA5441477EA8")] = "dynamic local variables",
        [new Guid("ED9FDF71-8879-4747-8ED3-FE5EDE3CE710")] = "tuple element names",
        [new Guid("755F52A8-91C5-45BE-B4B8-209571E552BD")] = "Edit and Continue local slot map",
        [new Guid("A643004C-0240-496F-A783-30D64F4979DE")] = "Edit and Continue lambda and closure map",
    };

    /// <summary>A description when both are assemblies or both portable PDBs; null otherwise (or when unreadable).</summary>
    public static string? TryDescribe(byte[] a, byte[] b)
    {
        try
        {
            IReadOnlyList<string>? parts = IsPortablePdb(a) && IsPortablePdb(b) ? DescribePdb(a, b)
                : IsPortableExecutable(a) && IsPortableExecutable(b) ? DescribePe(a, b)
                : null;
            if (parts is null || parts.Count == 0)
            {
                return null;
            }

            var distinct = parts.Distinct(StringComparer.Ordinal).ToList();
            return string.Join("; ", distinct.Take(MaxParts)) + (distinct.Count > MaxParts ? $"; and {distinct.Count - MaxParts} more" : string.Empty);
        }
        catch (BadImageFormatException)
        {
            return null;
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    public static bool IsPortablePdb(byte[] bytes) => bytes.Length >= 4 && bytes[0] == 'B' && bytes[1] == 'S' && bytes[2] == 'J' && bytes[3] == 'B';

    public static bool IsPortableExecutable(byte[] bytes) => bytes.Length >= 128 && bytes[0] == 'M' && bytes[1] == 'Z';

    private static List<string> DescribePe(byte[] a, byte[] b)
    {
        using var peA = new PEReader(ImmutableArray.Create(a));
        using var peB = new PEReader(ImmutableArray.Create(b));
        var parts = new List<string>();
        if (!peA.HasMetadata || !peB.HasMetadata)
        {
            CompareSections(peA, peB, parts);
            return parts;
        }

        var readerA = peA.GetMetadataReader();
        var readerB = peB.GetMetadataReader();
        CompareMethodBodies(peA, readerA, peB, readerB, parts);
        CompareUserStrings(readerA, readerB, parts);
        CompareManifestResources(peA, readerA, peB, readerB, parts);
        CompareAssemblyAttributes(readerA, readerB, parts);
        CompareAssemblyIdentity(readerA, readerB, parts);
        CompareMetadata(readerA, peA.GetMetadata().GetContent(), readerB, peB.GetMetadata().GetContent(), parts);
        CompareMvid(readerA, readerB, parts);
        CompareDebugDirectory(a, peA, b, peB, parts);
        if (peA.PEHeaders.CoffHeader.TimeDateStamp != peB.PEHeaders.CoffHeader.TimeDateStamp)
        {
            parts.Add($"PE header timestamp 0x{peA.PEHeaders.CoffHeader.TimeDateStamp:X8} vs 0x{peB.PEHeaders.CoffHeader.TimeDateStamp:X8}");
        }

        if (parts.Count == 0)
        {
            CompareSections(peA, peB, parts);
        }

        return parts;
    }

    private static List<string> DescribePdb(byte[] a, byte[] b)
    {
        using var providerA = MetadataReaderProvider.FromPortablePdbImage(ImmutableArray.Create(a));
        using var providerB = MetadataReaderProvider.FromPortablePdbImage(ImmutableArray.Create(b));
        var readerA = providerA.GetMetadataReader();
        var readerB = providerB.GetMetadataReader();
        var parts = new List<string>();
        CompareDocuments(readerA, readerB, parts);
        CompareCustomDebugInformation(readerA, readerB, parts);
        CompareSequencePoints(readerA, readerB, parts);
        CompareMetadata(readerA, ImmutableArray.Create(a), readerB, ImmutableArray.Create(b), parts);
        var idA = readerA.DebugMetadataHeader?.Id ?? [];
        var idB = readerB.DebugMetadataHeader?.Id ?? [];
        if (!idA.SequenceEqual(idB))
        {
            parts.Add($"PDB id {Convert.ToHexStringLower([.. idA])} vs {Convert.ToHexStringLower([.. idB])}");
        }

        return parts;
    }

    private static void CompareMethodBodies(PEReader peA, MetadataReader readerA, PEReader peB, MetadataReader readerB, List<string> parts)
    {
        var methodsA = readerA.MethodDefinitions.ToList();
        var methodsB = readerB.MethodDefinitions.ToList();
        var differing = new List<string>();
        for (var i = 0; i < Math.Min(methodsA.Count, methodsB.Count); i++)
        {
            var methodA = readerA.GetMethodDefinition(methodsA[i]);
            var methodB = readerB.GetMethodDefinition(methodsB[i]);
            var ilA = methodA.RelativeVirtualAddress == 0 ? [] : peA.GetMethodBody(methodA.RelativeVirtualAddress).GetILContent();
            var ilB = methodB.RelativeVirtualAddress == 0 ? [] : peB.GetMethodBody(methodB.RelativeVirtualAddress).GetILContent();
            if (!ilA.SequenceEqual(ilB))
            {
                differing.Add(MethodName(readerA, methodA));
            }
        }

        if (differing.Count > 0)
        {
            parts.Add("IL of " + Sample(differing, 3));
        }
    }

    private static void CompareUserStrings(MetadataReader readerA, MetadataReader readerB, List<string> parts)
    {
        var stringsA = UserStrings(readerA);
        var stringsB = UserStrings(readerB);
        for (var i = 0; i < Math.Max(stringsA.Count, stringsB.Count); i++)
        {
            var stringA = i < stringsA.Count ? stringsA[i] : null;
            var stringB = i < stringsB.Count ? stringsB[i] : null;
            if (!string.Equals(stringA, stringB, StringComparison.Ordinal))
            {
                parts.Add($"user string (#US) {Quote(stringA)} vs {Quote(stringB)}");
                return;
            }
        }
    }

    private static List<string> UserStrings(MetadataReader reader)
    {
        var strings = new List<string>();
        if (reader.GetHeapSize(HeapIndex.UserString) <= 1)
        {
            return strings;
        }

        var handle = MetadataTokens.UserStringHandle(1);
        while (!handle.IsNil)
        {
            strings.Add(reader.GetUserString(handle));
            handle = reader.GetNextHandle(handle);
        }

        return strings;
    }

    private static void CompareManifestResources(PEReader peA, MetadataReader readerA, PEReader peB, MetadataReader readerB, List<string> parts)
    {
        var resourcesA = ManifestResources(peA, readerA);
        var resourcesB = ManifestResources(peB, readerB);
        foreach (var name in resourcesA.Keys.Union(resourcesB.Keys).Order(StringComparer.Ordinal))
        {
            var inA = resourcesA.TryGetValue(name, out var contentA);
            var inB = resourcesB.TryGetValue(name, out var contentB);
            if (!inA || !inB)
            {
                parts.Add($"manifest resource '{name}' only in copy {(inA ? "A" : "B")}");
            }
            else if (!contentA.AsSpan().SequenceEqual(contentB))
            {
                parts.Add($"manifest resource '{name}' ({FileDiff.DescribeBytes(contentA!, contentB!)})");
            }
        }
    }

    private static Dictionary<string, byte[]> ManifestResources(PEReader pe, MetadataReader reader)
    {
        var resources = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var directory = pe.PEHeaders.CorHeader?.ResourcesDirectory ?? default;
        foreach (var handle in reader.ManifestResources)
        {
            var resource = reader.GetManifestResource(handle);
            var name = reader.GetString(resource.Name);
            if (!resource.Implementation.IsNil || directory.Size == 0)
            {
                resources[name] = [];
                continue;
            }

            var block = pe.GetSectionData(directory.RelativeVirtualAddress).GetContent();
            var offset = (int)resource.Offset;
            var length = BitConverter.ToInt32(block.AsSpan(offset, 4));
            resources[name] = block.AsSpan(offset + 4, length).ToArray();
        }

        return resources;
    }

    private static void CompareAssemblyAttributes(MetadataReader readerA, MetadataReader readerB, List<string> parts) =>
        CompareBlobs(AssemblyAttributes(readerA), AssemblyAttributes(readerB), parts,
            name => $"assembly attribute {name}",
            (name, a, b) => $"assembly attribute {name} {AttributeValue(a)} vs {AttributeValue(b)}");

    /// <summary>Compares two sets of named blobs: a name on one side only, or different bytes.</summary>
    private static void CompareBlobs(Dictionary<string, byte[]> blobsA, Dictionary<string, byte[]> blobsB, List<string> parts,
        Func<string, string> describe, Func<string, byte[], byte[], string> describeDifference)
    {
        foreach (var name in blobsA.Keys.Union(blobsB.Keys).Order(StringComparer.Ordinal))
        {
            var valueA = blobsA.GetValueOrDefault(name);
            var valueB = blobsB.GetValueOrDefault(name);
            if (valueA is null || valueB is null)
            {
                parts.Add($"{describe(name)} only in copy {(valueA is null ? "B" : "A")}");
            }
            else if (!valueA.AsSpan().SequenceEqual(valueB))
            {
                parts.Add(describeDifference(name, valueA, valueB));
            }
        }
    }

    private static Dictionary<string, byte[]> AssemblyAttributes(MetadataReader reader)
    {
        var attributes = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        if (!reader.IsAssembly)
        {
            return attributes;
        }

        foreach (var handle in reader.GetAssemblyDefinition().GetCustomAttributes())
        {
            var attribute = reader.GetCustomAttribute(handle);
            var name = AttributeTypeName(reader, attribute);
            var value = reader.GetBlobBytes(attribute.Value);
            var key = name;
            for (var n = 2; attributes.ContainsKey(key); n++)
            {
                key = $"{name}#{n.ToString(CultureInfo.InvariantCulture)}";
            }

            attributes[key] = value;
        }

        return attributes;
    }

    private static string AttributeTypeName(MetadataReader reader, CustomAttribute attribute)
    {
        EntityHandle type = attribute.Constructor.Kind switch
        {
            HandleKind.MemberReference => reader.GetMemberReference((MemberReferenceHandle)attribute.Constructor).Parent,
            HandleKind.MethodDefinition => reader.GetMethodDefinition((MethodDefinitionHandle)attribute.Constructor).GetDeclaringType(),
            _ => default,
        };
        return type.Kind switch
        {
            HandleKind.TypeReference => reader.GetString(reader.GetTypeReference((TypeReferenceHandle)type).Name),
            HandleKind.TypeDefinition => reader.GetString(reader.GetTypeDefinition((TypeDefinitionHandle)type).Name),
            _ => "(attribute)",
        };
    }

    /// <summary>The first string argument of an attribute blob, when it starts with one; else its hex.</summary>
    private static string AttributeValue(byte[] blob)
    {
        if (blob.Length >= 3 && blob[0] == 1 && blob[1] == 0 && blob[2] != 0xFF)
        {
            // SerString: a compressed length (ECMA-335 II.23.2), then UTF-8.
            var first = blob[2];
            var (length, header) = (first & 0x80) == 0 ? (first, 1)
                : (first & 0xC0) == 0x80 && blob.Length >= 4 ? (((first & 0x3F) << 8) | blob[3], 2)
                : blob.Length >= 6 ? (((first & 0x1F) << 24) | (blob[3] << 16) | (blob[4] << 8) | blob[5], 4)
                : (-1, 0);
            if (length >= 0 && 2 + header + length <= blob.Length)
            {
                return Quote(Encoding.UTF8.GetString(blob, 2 + header, length));
            }
        }

        return Convert.ToHexString(blob.AsSpan(0, Math.Min(blob.Length, 24))) + (blob.Length > 24 ? "…" : string.Empty);
    }

    private static void CompareAssemblyIdentity(MetadataReader readerA, MetadataReader readerB, List<string> parts)
    {
        if (readerA.IsAssembly && readerB.IsAssembly)
        {
            var nameA = readerA.GetAssemblyDefinition().GetAssemblyName().FullName;
            var nameB = readerB.GetAssemblyDefinition().GetAssemblyName().FullName;
            if (!string.Equals(nameA, nameB, StringComparison.Ordinal))
            {
                parts.Add($"assembly identity '{nameA}' vs '{nameB}'");
            }
        }
    }

    private static void CompareMvid(MetadataReader readerA, MetadataReader readerB, List<string> parts)
    {
        var mvidA = readerA.GetGuid(readerA.GetModuleDefinition().Mvid);
        var mvidB = readerB.GetGuid(readerB.GetModuleDefinition().Mvid);
        if (mvidA != mvidB)
        {
            parts.Add($"MVID {mvidA} vs {mvidB}");
        }
    }

    /// <summary>Which metadata tables and heaps differ (byte for byte).</summary>
    private static void CompareMetadata(MetadataReader readerA, ImmutableArray<byte> metadataA, MetadataReader readerB, ImmutableArray<byte> metadataB, List<string> parts)
    {
        var tables = new List<string>();
        foreach (var table in Enum.GetValues<TableIndex>().Distinct())
        {
            var rowsA = readerA.GetTableRowCount(table);
            var rowsB = readerB.GetTableRowCount(table);
            if (rowsA != rowsB)
            {
                tables.Add($"{table} ({rowsA.ToString(CultureInfo.InvariantCulture)} vs {rowsB.ToString(CultureInfo.InvariantCulture)} rows)");
            }
            else if (rowsA > 0 && !Slice(metadataA, readerA.GetTableMetadataOffset(table), rowsA * readerA.GetTableRowSize(table))
                         .SequenceEqual(Slice(metadataB, readerB.GetTableMetadataOffset(table), rowsB * readerB.GetTableRowSize(table))))
            {
                tables.Add(table.ToString());
            }
        }

        if (tables.Count > 0)
        {
            parts.Add("metadata table " + Sample(tables, 4));
        }

        var heaps = new List<string>();
        foreach (var (heap, name) in new[] { (HeapIndex.String, "#Strings"), (HeapIndex.UserString, "#US"), (HeapIndex.Blob, "#Blob"), (HeapIndex.Guid, "#GUID") })
        {
            var heapA = Slice(metadataA, readerA.GetHeapMetadataOffset(heap), readerA.GetHeapSize(heap));
            var heapB = Slice(metadataB, readerB.GetHeapMetadataOffset(heap), readerB.GetHeapSize(heap));
            if (!heapA.SequenceEqual(heapB))
            {
                heaps.Add(name);
            }
        }

        if (heaps.Count > 0)
        {
            parts.Add("metadata heap " + string.Join(", ", heaps));
        }
    }

    private static ReadOnlySpan<byte> Slice(ImmutableArray<byte> bytes, int offset, int length) =>
        offset < 0 || length <= 0 || offset > bytes.Length ? [] : bytes.AsSpan(offset, Math.Min(length, bytes.Length - offset));

    private static void CompareDebugDirectory(byte[] a, PEReader peA, byte[] b, PEReader peB, List<string> parts)
    {
        var entriesA = peA.ReadDebugDirectory();
        var entriesB = peB.ReadDebugDirectory();
        var typesA = string.Join(",", entriesA.Select(e => e.Type));
        var typesB = string.Join(",", entriesB.Select(e => e.Type));
        if (!string.Equals(typesA, typesB, StringComparison.Ordinal))
        {
            parts.Add($"debug directory entries [{typesA}] vs [{typesB}]");
            return;
        }

        for (var i = 0; i < entriesA.Length; i++)
        {
            var entryA = entriesA[i];
            var entryB = entriesB[i];
            switch (entryA.Type)
            {
                case DebugDirectoryEntryType.CodeView:
                    var codeViewA = peA.ReadCodeViewDebugDirectoryData(entryA);
                    var codeViewB = peB.ReadCodeViewDebugDirectoryData(entryB);
                    if (!string.Equals(codeViewA.Path, codeViewB.Path, StringComparison.Ordinal))
                    {
                        parts.Add($"debug directory path of the PDB '{codeViewA.Path}' vs '{codeViewB.Path}'");
                    }

                    if (codeViewA.Guid != codeViewB.Guid || codeViewA.Age != codeViewB.Age || entryA.Stamp != entryB.Stamp)
                    {
                        parts.Add($"debug directory PDB id {codeViewA.Guid} vs {codeViewB.Guid}");
                    }

                    break;
                case DebugDirectoryEntryType.PdbChecksum:
                    var checksumA = peA.ReadPdbChecksumDebugDirectoryData(entryA);
                    var checksumB = peB.ReadPdbChecksumDebugDirectoryData(entryB);
                    if (!checksumA.Checksum.SequenceEqual(checksumB.Checksum))
                    {
                        parts.Add($"debug directory PDB checksum ({checksumA.AlgorithmName})");
                    }

                    break;
                case DebugDirectoryEntryType.EmbeddedPortablePdb:
                    var pdbA = EmbeddedPdb(a, entryA);
                    var pdbB = EmbeddedPdb(b, entryB);
                    if (!pdbA.AsSpan().SequenceEqual(pdbB))
                    {
                        var inner = DescribePdb(pdbA, pdbB);
                        parts.Add("embedded PDB" + (inner.Count > 0 ? ": " + string.Join(", ", inner.Take(3)) : string.Empty));
                    }

                    break;
                default:
                    if (!Slice(ImmutableArray.Create(a), entryA.DataPointer, entryA.DataSize).SequenceEqual(Slice(ImmutableArray.Create(b), entryB.DataPointer, entryB.DataSize))
                        || entryA.Stamp != entryB.Stamp)
                    {
                        parts.Add($"debug directory entry {entryA.Type}");
                    }

                    break;
            }
        }
    }

    /// <summary>An embedded portable PDB: "MPDB", the uncompressed size, then deflated bytes.</summary>
    private static byte[] EmbeddedPdb(byte[] image, DebugDirectoryEntry entry)
    {
        var data = image.AsSpan(entry.DataPointer, entry.DataSize);
        if (data.Length < 8 || data[0] != 'M' || data[1] != 'P' || data[2] != 'D' || data[3] != 'B')
        {
            throw new BadImageFormatException("The embedded PDB has no MPDB signature.");
        }

        var size = BitConverter.ToInt32(data.Slice(4, 4));
        using var deflate = new DeflateStream(new MemoryStream(data[8..].ToArray()), CompressionMode.Decompress);
        var pdb = new byte[size];
        deflate.ReadExactly(pdb);
        return pdb;
    }

    private static void CompareSections(PEReader peA, PEReader peB, List<string> parts)
    {
        var sectionsA = peA.PEHeaders.SectionHeaders;
        var sectionsB = peB.PEHeaders.SectionHeaders;
        foreach (var sectionA in sectionsA)
        {
            var sectionB = sectionsB.FirstOrDefault(s => s.Name == sectionA.Name);
            if (sectionB.Name is null)
            {
                parts.Add($"section {sectionA.Name} only in copy A");
                continue;
            }

            var dataA = peA.GetSectionData(sectionA.VirtualAddress).GetContent(0, Math.Min(sectionA.VirtualSize, sectionA.SizeOfRawData));
            var dataB = peB.GetSectionData(sectionB.VirtualAddress).GetContent(0, Math.Min(sectionB.VirtualSize, sectionB.SizeOfRawData));
            if (!dataA.SequenceEqual(dataB))
            {
                parts.Add(sectionA.Name == ".rsrc" ? "Win32 resources (.rsrc)" : $"section {sectionA.Name}");
            }
        }
    }

    private static void CompareDocuments(MetadataReader readerA, MetadataReader readerB, List<string> parts)
    {
        var documentsA = readerA.Documents.Select(h => readerA.GetDocument(h)).ToList();
        var documentsB = readerB.Documents.Select(h => readerB.GetDocument(h)).ToList();
        for (var i = 0; i < Math.Min(documentsA.Count, documentsB.Count); i++)
        {
            var nameA = readerA.GetString(documentsA[i].Name);
            var nameB = readerB.GetString(documentsB[i].Name);
            if (!string.Equals(nameA, nameB, StringComparison.Ordinal))
            {
                parts.Add($"document path '{nameA}' vs '{nameB}'");
            }
            else if (!readerA.GetBlobBytes(documentsA[i].Hash).AsSpan().SequenceEqual(readerB.GetBlobBytes(documentsB[i].Hash)))
            {
                parts.Add($"checksum of document '{nameA}' (the source file differs)");
            }
        }

        if (documentsA.Count != documentsB.Count)
        {
            parts.Add($"{documentsA.Count.ToString(CultureInfo.InvariantCulture)} vs {documentsB.Count.ToString(CultureInfo.InvariantCulture)} documents");
        }
    }

    private static void CompareCustomDebugInformation(MetadataReader readerA, MetadataReader readerB, List<string> parts) =>
        CompareBlobs(CustomDebugInformation(readerA), CustomDebugInformation(readerB), parts,
            key => key,
            (key, a, b) => key.StartsWith("compilation options", StringComparison.Ordinal) ? key + " " + CompilationOptionsDifference(a, b) : key);

    private static Dictionary<string, byte[]> CustomDebugInformation(MetadataReader reader)
    {
        var information = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var handle in reader.CustomDebugInformation)
        {
            var item = reader.GetCustomDebugInformation(handle);
            var kindId = reader.GetGuid(item.Kind);
            var kind = DebugInformationKinds.GetValueOrDefault(kindId, "custom debug information " + kindId);
            var owner = item.Parent.Kind switch
            {
                HandleKind.Document => " of '" + reader.GetString(reader.GetDocument((DocumentHandle)item.Parent).Name) + "'",
                HandleKind.ModuleDefinition => string.Empty,
                _ => $" of 0x{MetadataTokens.GetToken(item.Parent):X8}",
            };
            var key = kind + owner;
            for (var n = 2; information.ContainsKey(key); n++)
            {
                key = $"{kind}{owner} #{n.ToString(CultureInfo.InvariantCulture)}";
            }

            information[key] = reader.GetBlobBytes(item.Value);
        }

        return information;
    }

    /// <summary>Compilation options are NUL-separated key/value pairs: name the keys whose values differ.</summary>
    private static string CompilationOptionsDifference(byte[] a, byte[] b)
    {
        static Dictionary<string, string> Pairs(byte[] blob)
        {
            var values = Encoding.UTF8.GetString(blob).Split('\0');
            var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i + 1 < values.Length; i += 2)
            {
                pairs[values[i]] = values[i + 1];
            }

            return pairs;
        }

        var pairsA = Pairs(a);
        var pairsB = Pairs(b);
        var keys = pairsA.Keys.Union(pairsB.Keys).Order(StringComparer.Ordinal)
            .Where(k => !string.Equals(pairsA.GetValueOrDefault(k), pairsB.GetValueOrDefault(k), StringComparison.Ordinal))
            .Select(k => $"{k}: {Quote(pairsA.GetValueOrDefault(k))} vs {Quote(pairsB.GetValueOrDefault(k))}")
            .ToList();
        return keys.Count == 0 ? string.Empty : "(" + Sample(keys, 3) + ")";
    }

    private static void CompareSequencePoints(MetadataReader readerA, MetadataReader readerB, List<string> parts)
    {
        var methodsA = readerA.MethodDebugInformation.ToList();
        var methodsB = readerB.MethodDebugInformation.ToList();
        var differing = new List<string>();
        for (var i = 0; i < Math.Min(methodsA.Count, methodsB.Count); i++)
        {
            var pointsA = readerA.GetBlobBytes(readerA.GetMethodDebugInformation(methodsA[i]).SequencePointsBlob);
            var pointsB = readerB.GetBlobBytes(readerB.GetMethodDebugInformation(methodsB[i]).SequencePointsBlob);
            if (!pointsA.AsSpan().SequenceEqual(pointsB))
            {
                differing.Add($"method 0x{MetadataTokens.GetToken(methodsA[i].ToDefinitionHandle()):X8}");
            }
        }

        if (differing.Count > 0)
        {
            parts.Add("sequence points of " + Sample(differing, 3));
        }
    }

    private static string MethodName(MetadataReader reader, MethodDefinition method)
    {
        var type = reader.GetTypeDefinition(method.GetDeclaringType());
        var typeName = reader.GetString(type.Name);
        var declaring = type.GetDeclaringType();
        while (!declaring.IsNil)
        {
            var outer = reader.GetTypeDefinition(declaring);
            typeName = reader.GetString(outer.Name) + "+" + typeName;
            type = outer;
            declaring = outer.GetDeclaringType();
        }

        var ns = reader.GetString(type.Namespace);
        return (ns.Length > 0 ? ns + "." : string.Empty) + typeName + "::" + reader.GetString(method.Name);
    }

    private static string Sample(IReadOnlyList<string> items, int count) =>
        string.Join(", ", items.Take(count)) + (items.Count > count ? $" and {(items.Count - count).ToString(CultureInfo.InvariantCulture)} more" : string.Empty);

    private static string Quote(string? text)
    {
        if (text is null)
        {
            return "(none)";
        }

        var shown = text.Length > 60 ? text[..60] + "…" : text;
        return "\"" + shown.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal) + "\"";
    }
}
