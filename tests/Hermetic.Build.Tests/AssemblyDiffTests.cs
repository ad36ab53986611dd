using System.Text;
using Hermetic.Build.Tests.TestSupport;
using Hermetic.Build.Verify;

namespace Hermetic.Build.Tests;

/// <summary>HB3002's "where" for assemblies and PDBs: crafted images that differ in one known part each.</summary>
public sealed class AssemblyDiffTests
{
    [Fact]
    public void The_crafted_assembly_is_reproducible_so_every_difference_below_is_the_one_made()
    {
        Assert.Equal(TinyAssembly.Assembly(), TinyAssembly.Assembly());
        Assert.Equal(TinyAssembly.Pdb(), TinyAssembly.Pdb());
        Assert.Null(AssemblyDiff.TryDescribe(TinyAssembly.Assembly(), TinyAssembly.Assembly()));
        Assert.Equal("identical", FileDiff.Describe(TinyAssembly.Assembly(), TinyAssembly.Assembly(), "tiny.dll"));
    }

    [Fact]
    public void A_different_string_literal_is_named_with_both_values()
    {
        var where = AssemblyDiff.TryDescribe(TinyAssembly.Assembly(userString: "hello"), TinyAssembly.Assembly(userString: "world"));

        Assert.NotNull(where);
        Assert.StartsWith("user string (#US) \"hello\" vs \"world\"", where, StringComparison.Ordinal);
        Assert.Contains("metadata heap #US", where, StringComparison.Ordinal);
        Assert.DoesNotContain("IL of", where, StringComparison.Ordinal);
    }

    [Fact]
    public void Different_IL_names_the_method()
    {
        var where = AssemblyDiff.TryDescribe(TinyAssembly.Assembly(), TinyAssembly.Assembly(extraNop: true));

        Assert.NotNull(where);
        Assert.StartsWith("IL of Tiny.C::M", where, StringComparison.Ordinal);
        Assert.DoesNotContain("user string", where, StringComparison.Ordinal);
    }

    [Fact]
    public void A_different_assembly_attribute_is_named_with_its_values()
    {
        var where = AssemblyDiff.TryDescribe(TinyAssembly.Assembly(informationalVersion: "1.0.0+aaaa"), TinyAssembly.Assembly(informationalVersion: "1.0.0+bbbb"));

        Assert.Contains("assembly attribute AssemblyInformationalVersionAttribute \"1.0.0+aaaa\" vs \"1.0.0+bbbb\"", where, StringComparison.Ordinal);
        Assert.Contains("metadata heap #Blob", where, StringComparison.Ordinal);
    }

    [Fact]
    public void A_different_manifest_resource_is_named()
    {
        var where = AssemblyDiff.TryDescribe(TinyAssembly.Assembly(resource: Encoding.UTF8.GetBytes("one")), TinyAssembly.Assembly(resource: Encoding.UTF8.GetBytes("two")));

        Assert.Contains("manifest resource 'tiny.data' (first difference at byte 0 (line 1, column 1): \"one\" vs \"two\")", where, StringComparison.Ordinal);
    }

    [Fact]
    public void MVID_PDB_path_and_PDB_id_are_named_after_the_content()
    {
        var other = Guid.Parse("99999999-2222-3333-4444-555555555555");
        // The PE timestamp of a deterministic image is derived from its content, as the PDB id is.
        var mvid = AssemblyDiff.TryDescribe(TinyAssembly.Assembly(), TinyAssembly.Assembly(mvid: other))!.Split("; ");
        Assert.Equal(["metadata heap #GUID", $"MVID {TinyAssembly.DefaultMvid} vs {other}"], mvid.Where(p => !p.StartsWith("PE header timestamp", StringComparison.Ordinal)));

        var path = AssemblyDiff.TryDescribe(TinyAssembly.Assembly(pdbPath: "/_/a/tiny.pdb"), TinyAssembly.Assembly(pdbPath: "/_/bb/tiny.pdb"));
        Assert.Contains("debug directory path of the PDB '/_/a/tiny.pdb' vs '/_/bb/tiny.pdb'", path, StringComparison.Ordinal);

        var id = AssemblyDiff.TryDescribe(TinyAssembly.Assembly(), TinyAssembly.Assembly(pdbId: Guid.Parse("00000000-7777-8888-9999-aaaaaaaaaaaa")));
        Assert.Contains("debug directory PDB id", id, StringComparison.Ordinal);

        var both = AssemblyDiff.TryDescribe(TinyAssembly.Assembly(userString: "a", mvid: other), TinyAssembly.Assembly(userString: "b"))!;
        Assert.True(both.IndexOf("user string", StringComparison.Ordinal) < both.IndexOf("MVID", StringComparison.Ordinal), both);
    }

    [Fact]
    public void PDB_differences_name_the_document_its_embedded_source_and_compilation_options()
    {
        var checksum = AssemblyDiff.TryDescribe(TinyAssembly.Pdb(source: "class C { }"), TinyAssembly.Pdb(source: "class C { int x; }"));
        Assert.Contains("checksum of document '/_/src/C.cs'", checksum, StringComparison.Ordinal);
        Assert.Contains("PDB id", checksum, StringComparison.Ordinal);

        var embedded = AssemblyDiff.TryDescribe(TinyAssembly.Pdb(embeddedSource: "one"), TinyAssembly.Pdb(embeddedSource: "two"));
        Assert.Contains("embedded source of '/_/src/C.cs'", embedded, StringComparison.Ordinal);

        var options = AssemblyDiff.TryDescribe(TinyAssembly.Pdb(defines: "DEBUG"), TinyAssembly.Pdb(defines: "RELEASE"));
        Assert.Contains("compilation options (define: \"DEBUG\" vs \"RELEASE\")", options, StringComparison.Ordinal);

        var path = AssemblyDiff.TryDescribe(TinyAssembly.Pdb(documentName: "/_/src/C.cs"), TinyAssembly.Pdb(documentName: "/home/me/src/C.cs"));
        Assert.Contains("document path '/_/src/C.cs' vs '/home/me/src/C.cs'", path, StringComparison.Ordinal);

        var points = AssemblyDiff.TryDescribe(TinyAssembly.Pdb(sequencePoints: [1, 2, 3]), TinyAssembly.Pdb(sequencePoints: [1, 2, 4]));
        Assert.Contains("sequence points of method 0x06000001", points, StringComparison.Ordinal);
    }

    [Fact]
    public void Files_that_are_not_dotnet_images_or_are_broken_fall_back_to_bytes()
    {
        Assert.Null(AssemblyDiff.TryDescribe(Encoding.UTF8.GetBytes("text"), Encoding.UTF8.GetBytes("texts")));
        var broken = new byte[200];
        broken[0] = (byte)'M';
        broken[1] = (byte)'Z';
        var alsoBroken = (byte[])broken.Clone();
        alsoBroken[150] = 1;
        Assert.Null(AssemblyDiff.TryDescribe(broken, alsoBroken));
        Assert.Equal("first difference at byte 150 (0x96): 00000000000000000000000000000000… vs 01000000000000000000000000000000…",
            FileDiff.Describe(broken, alsoBroken, "broken.dll"));
        var truncated = TinyAssembly.Assembly()[..300];
        Assert.Null(AssemblyDiff.TryDescribe(truncated, TinyAssembly.Assembly()));
    }

    [Fact]
    public void Assembly_differences_carry_the_first_differing_byte_too()
    {
        var where = FileDiff.Describe(TinyAssembly.Assembly(userString: "hello"), TinyAssembly.Assembly(userString: "world"), "tiny.dll");

        Assert.StartsWith("user string (#US) \"hello\" vs \"world\"", where, StringComparison.Ordinal);
        Assert.Matches(@"\(first difference at byte \d+ \(0x[0-9A-F]+\): ", where);
    }
}
