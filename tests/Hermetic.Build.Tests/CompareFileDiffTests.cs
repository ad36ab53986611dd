using System.Text;
using Hermetic.Build.Verify;

namespace Hermetic.Build.Tests;

/// <summary>HB3002's "where" for files that are not assemblies: first differing byte, text or hex context.</summary>
public sealed class CompareFileDiffTests
{
    [Fact]
    public void Text_files_give_line_column_and_both_contexts()
    {
        var where = FileDiff.DescribeBytes(Encoding.UTF8.GetBytes("{\n  \"version\": \"1.0\"\n}\n"), Encoding.UTF8.GetBytes("{\n  \"version\": \"2.0\"\n}\n"));

        Assert.Equal("first difference at byte 16 (line 2, column 15): \"{\\n  \"version\": \"1.0\"\\n}\\n\" vs \"{\\n  \"version\": \"2.0\"\\n}\\n\"", where);
    }

    [Fact]
    public void Sizes_are_named_when_they_differ_and_the_end_of_a_file_is_said()
    {
        var where = FileDiff.DescribeBytes(Encoding.UTF8.GetBytes("abc"), Encoding.UTF8.GetBytes("abcdef"));

        Assert.Equal("sizes 3 and 6 bytes, first difference at byte 3 (line 1, column 4): (end of file) vs \"abcdef\"", where);
    }

    [Fact]
    public void Long_text_is_cut_around_the_difference()
    {
        var a = new string('x', 500) + "A" + new string('y', 500);
        var b = new string('x', 500) + "B" + new string('y', 500);

        var where = FileDiff.DescribeBytes(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));

        Assert.Contains("(line 1, column 501)", where, StringComparison.Ordinal);
        Assert.Contains("\"…" + new string('x', 30) + "A" + new string('y', 29) + "…\"", where, StringComparison.Ordinal);
    }

    [Fact]
    public void Binary_files_give_hex_from_the_first_difference()
    {
        var where = FileDiff.DescribeBytes([0, 1, 2, 3, 0xFF], [0, 1, 2, 4, 0xFF]);

        Assert.Equal("first difference at byte 3 (0x3): 03FF vs 04FF", where);
    }
}
