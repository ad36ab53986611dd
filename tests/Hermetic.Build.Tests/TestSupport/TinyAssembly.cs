using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using System.Security.Cryptography;
using System.Text;

namespace Hermetic.Build.Tests.TestSupport;

/// <summary>
/// Crafts tiny but real .NET assemblies and portable PDBs with System.Reflection.Metadata, each
/// part chosen by the test: a user string, one method's IL, an assembly attribute, a manifest
/// resource, the MVID, the PDB path and id; for PDBs a document, its hash, embedded source and
/// compilation options. Same arguments, same bytes.
/// </summary>
public static class TinyAssembly
{
    public static readonly Guid DefaultMvid = new("11111111-2222-3333-4444-555555555555");
    public static readonly Guid DefaultPdbId = new("66666666-7777-8888-9999-aaaaaaaaaaaa");

    private static readonly Guid Sha256Algorithm = new("8829d00f-11b8-4213-878b-770e8597ac16");
    private static readonly Guid CSharp = new("3f5162f8-07c6-11d3-9053-00c04fa302a1");
    private static readonly Guid EmbeddedSource = new("0E8A571B-6926-466E-B4AD-8AB04611F5FE");
    private static readonly Guid CompilationOptions = new("B5FEEC05-8CD0-4A83-96DA-466284BB4BD8");

    public static byte[] Assembly(string userString = "hello", string informationalVersion = "1.0.0", byte[]? resource = null,
        Guid? mvid = null, bool extraNop = false, string pdbPath = "/_/tiny.pdb", Guid? pdbId = null)
    {
        var metadata = new MetadataBuilder();
        metadata.AddModule(0, metadata.GetOrAddString("tiny.dll"), metadata.GetOrAddGuid(mvid ?? DefaultMvid), default, default);
        var assembly = metadata.AddAssembly(metadata.GetOrAddString("tiny"), new Version(1, 0, 0, 0), default, default, 0, AssemblyHashAlgorithm.Sha1);
        var runtime = metadata.AddAssemblyReference(metadata.GetOrAddString("System.Runtime"), new Version(10, 0, 0, 0), default, default, 0, default);
        var objectType = metadata.AddTypeReference(runtime, metadata.GetOrAddString("System"), metadata.GetOrAddString("Object"));
        var attributeType = metadata.AddTypeReference(runtime, metadata.GetOrAddString("System.Reflection"), metadata.GetOrAddString("AssemblyInformationalVersionAttribute"));

        var constructorSignature = new BlobBuilder();
        new BlobEncoder(constructorSignature).MethodSignature(isInstanceMethod: true).Parameters(1, r => r.Void(), p => p.AddParameter().Type().String());
        var constructor = metadata.AddMemberReference(attributeType, metadata.GetOrAddString(".ctor"), metadata.GetOrAddBlob(constructorSignature));
        var value = new BlobBuilder();
        new BlobEncoder(value).CustomAttributeSignature(f => f.AddArgument().Scalar().Constant(informationalVersion), n => n.Count(0));
        metadata.AddCustomAttribute(assembly, constructor, metadata.GetOrAddBlob(value));

        var il = new BlobBuilder();
        var bodies = new MethodBodyStreamEncoder(il);
        var code = new InstructionEncoder(new BlobBuilder());
        code.LoadString(metadata.GetOrAddUserString(userString));
        if (extraNop)
        {
            code.OpCode(ILOpCode.Nop);
        }

        code.OpCode(ILOpCode.Ret);
        var bodyOffset = bodies.AddMethodBody(code);
        var methodSignature = new BlobBuilder();
        new BlobEncoder(methodSignature).MethodSignature().Parameters(0, r => r.Type().String(), _ => { });
        var method = metadata.AddMethodDefinition(MethodAttributes.Public | MethodAttributes.Static | MethodAttributes.HideBySig,
            MethodImplAttributes.IL, metadata.GetOrAddString("M"), metadata.GetOrAddBlob(methodSignature), bodyOffset, default);
        metadata.AddTypeDefinition(default, default, metadata.GetOrAddString("<Module>"), default, MetadataTokens.FieldDefinitionHandle(1), method);
        metadata.AddTypeDefinition(TypeAttributes.Public | TypeAttributes.Abstract | TypeAttributes.Sealed | TypeAttributes.Class,
            metadata.GetOrAddString("Tiny"), metadata.GetOrAddString("C"), objectType, MetadataTokens.FieldDefinitionHandle(1), method);

        var resources = new BlobBuilder();
        var data = resource ?? Encoding.UTF8.GetBytes("resource");
        resources.WriteInt32(data.Length);
        resources.WriteBytes(data);
        metadata.AddManifestResource(ManifestResourceAttributes.Public, metadata.GetOrAddString("tiny.data"), default, 0);

        var debug = new DebugDirectoryBuilder();
        debug.AddCodeViewEntry(pdbPath, new BlobContentId(pdbId ?? DefaultPdbId, 0x12345678), portablePdbVersion: 0x0100);
        debug.AddReproducibleEntry();

        var builder = new ManagedPEBuilder(PEHeaderBuilder.CreateLibraryHeader(), new MetadataRootBuilder(metadata), il,
            managedResources: resources, debugDirectoryBuilder: debug, deterministicIdProvider: ContentId);
        var image = new BlobBuilder();
        builder.Serialize(image);
        return image.ToArray();
    }

    public static byte[] Pdb(string documentName = "/_/src/C.cs", string source = "class C { }", string? embeddedSource = null,
        string defines = "DEBUG", byte[]? sequencePoints = null)
    {
        var metadata = new MetadataBuilder();
        var document = metadata.AddDocument(metadata.GetOrAddDocumentName(documentName), metadata.GetOrAddGuid(Sha256Algorithm),
            metadata.GetOrAddBlob(SHA256.HashData(Encoding.UTF8.GetBytes(source))), metadata.GetOrAddGuid(CSharp));
        metadata.AddMethodDebugInformation(document, metadata.GetOrAddBlob(sequencePoints ?? new byte[] { 0x00, 0x01, 0x02, 0x03 }));
        if (embeddedSource is not null)
        {
            metadata.AddCustomDebugInformation(document, metadata.GetOrAddGuid(EmbeddedSource), metadata.GetOrAddBlob((byte[])[0, 0, 0, 0, .. Encoding.UTF8.GetBytes(embeddedSource)]));
        }

        metadata.AddCustomDebugInformation(EntityHandle.ModuleDefinition, metadata.GetOrAddGuid(CompilationOptions),
            metadata.GetOrAddBlob(Encoding.UTF8.GetBytes($"language\0C#\0define\0{defines}\0")));

        var rowCounts = new int[MetadataTokens.TableCount];
        rowCounts[(int)TableIndex.MethodDef] = 1;
        var builder = new PortablePdbBuilder(metadata, ImmutableArray.Create(rowCounts), default, ContentId);
        var image = new BlobBuilder();
        builder.Serialize(image);
        return image.ToArray();
    }

    // Ids derived from the content, as the compiler's deterministic mode does.
    private static BlobContentId ContentId(IEnumerable<Blob> content)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var blob in content)
        {
            hash.AppendData(blob.GetBytes());
        }

        return BlobContentId.FromHash(ImmutableArray.Create(hash.GetHashAndReset()));
    }
}
