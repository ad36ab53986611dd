using System.Text;
using Hermetic.Build.Core;

namespace Hermetic.Build.Tests;

public class SourceLocationTests
{
    private const string Text = "ab\ncde\n\nfg";

    [Theory]
    [InlineData(0, 1, 1)]
    [InlineData(1, 1, 2)]
    [InlineData(2, 1, 3)] // the newline itself ends line 1
    [InlineData(3, 2, 1)]
    [InlineData(5, 2, 3)]
    [InlineData(7, 3, 1)] // an empty line
    [InlineData(8, 4, 1)]
    [InlineData(9, 4, 2)]
    public void Line_and_column_of_a_char_offset(int offset, int line, int column)
    {
        var location = SourceLocation.At("f.txt", Text.AsSpan(), offset, '\n');

        Assert.Equal(new SourceLocation("f.txt", line, column), location);
    }

    [Theory]
    [InlineData(0, 1, 1)]
    [InlineData(3, 2, 1)]
    [InlineData(5, 2, 3)]
    [InlineData(9, 4, 2)]
    public void Line_and_column_of_a_byte_offset(int offset, int line, int column)
    {
        var location = SourceLocation.At("f.json", Encoding.UTF8.GetBytes(Text).AsSpan(), offset, (byte)'\n');

        Assert.Equal(new SourceLocation("f.json", line, column), location);
    }

    [Fact]
    public void Crlf_line_ends_count_once()
    {
        var text = "a\r\nbc\r\nd";

        Assert.Equal(new SourceLocation("f", 2, 2), SourceLocation.At("f", text.AsSpan(), text.IndexOf('c'), '\n'));
        Assert.Equal(new SourceLocation("f", 3, 1), SourceLocation.At("f", text.AsSpan(), text.IndexOf('d'), '\n'));
    }

    [Fact]
    public void Columns_of_a_byte_offset_count_bytes()
    {
        var bytes = Encoding.UTF8.GetBytes("\"é\": 1");
        var offset = Array.IndexOf(bytes, (byte)'1');

        Assert.Equal(new SourceLocation("f", 1, offset + 1), SourceLocation.At("f", bytes.AsSpan(), offset, (byte)'\n'));
    }

    [Fact]
    public void An_empty_text_is_line_1_column_1()
    {
        Assert.Equal(new SourceLocation("f", 1, 1), SourceLocation.At("f", ReadOnlySpan<char>.Empty, 0, '\n'));
    }

    [Fact]
    public void Defaults_mean_unknown()
    {
        var location = new SourceLocation("f");

        Assert.Equal(0, location.Line);
        Assert.Equal(0, location.Column);
    }
}
