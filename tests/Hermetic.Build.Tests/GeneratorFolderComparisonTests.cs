using Hermetic.Build.Codegen;
using Hermetic.Build.Tests.TestSupport;

namespace Hermetic.Build.Tests;

/// <summary>The first difference between two generated folders (HB4002 and HB4001 name it).</summary>
public sealed class GeneratorFolderComparisonTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Equal_folders_have_no_difference()
    {
        _dir.Write("a/X.cs", "class X {}\n");
        _dir.Write("b/X.cs", "class X {}\n");

        Assert.Null(FolderComparison.FirstDifference(_dir.Combine("a"), _dir.Combine("b")));
    }

    [Fact]
    public void The_first_differing_line_is_named_with_both_versions()
    {
        _dir.Write("a/A.cs", "same\n");
        _dir.Write("b/A.cs", "same\n");
        _dir.Write("a/B.cs", "line 1\n// seed 1234\nline 3\n");
        _dir.Write("b/B.cs", "line 1\n// seed 9876\nline 3\n");

        var difference = FolderComparison.FirstDifference(_dir.Combine("a"), _dir.Combine("b"))!;

        Assert.Equal(("B.cs", FolderDifferenceKind.Content, 2, "// seed 1234", "// seed 9876"),
            (difference.RelativePath, difference.Kind, difference.Line, difference.ExpectedLine, difference.ActualLine));
        Assert.Equal("'Gen/B.cs' differs at line 2: one has \"// seed 1234\", other has \"// seed 9876\"", difference.Describe("one", "other", "Gen"));
    }

    [Fact]
    public void Missing_and_extra_files_are_named_in_path_order()
    {
        _dir.Write("a/B.cs", "x\n");
        _dir.Write("b/A.cs", "x\n");
        _dir.Write("b/B.cs", "x\n");

        var difference = FolderComparison.FirstDifference(_dir.Combine("a"), _dir.Combine("b"))!;
        Assert.Equal(("A.cs", FolderDifferenceKind.Extra), (difference.RelativePath, difference.Kind));

        var reverse = FolderComparison.FirstDifference(_dir.Combine("b"), _dir.Combine("a"))!;
        Assert.Equal(("A.cs", FolderDifferenceKind.Missing), (reverse.RelativePath, reverse.Kind));
    }

    [Fact]
    public void Binary_files_are_compared_by_byte_offset_and_line_ends_count()
    {
        Assert.Equal(3, FolderComparison.CompareFiles("x.bin", [1, 0, 2, 3], [1, 0, 2, 4])!.ByteOffset);
        var lineEnds = FolderComparison.CompareFiles("x.cs", "a\nb\n"u8.ToArray(), "a\r\nb\r\n"u8.ToArray())!;
        Assert.Equal(1, lineEnds.Line);
    }

    [Fact]
    public void Replacing_a_folder_deletes_stale_files_and_leaves_unchanged_ones_alone()
    {
        var keep = _dir.Write("out/Keep.cs", "same\n");
        _dir.Write("out/old/Stale.cs", "stale\n");
        _dir.Write("new/Keep.cs", "same\n");
        _dir.Write("new/sub/New.cs", "new\n");
        var before = File.GetLastWriteTimeUtc(keep);
        File.SetLastWriteTimeUtc(keep, before.AddHours(-1));

        var written = GeneratedFolder.Replace(_dir.Combine("out"), _dir.Combine("new"));

        Assert.Equal(["Keep.cs", "sub/New.cs"], GeneratedFolder.Hashes(_dir.Combine("out")).Keys);
        Assert.False(Directory.Exists(_dir.Combine("out", "old")));
        Assert.Equal(before.AddHours(-1), File.GetLastWriteTimeUtc(keep));
        Assert.Equal(2, written.Count);
    }
}
