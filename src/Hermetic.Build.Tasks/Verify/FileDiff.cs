using System.Globalization;
using System.Text;

namespace Hermetic.Build.Verify;

/// <summary>
/// Says where two versions of a file differ: for .NET assemblies and portable PDBs in .NET terms
/// (<see cref="AssemblyDiff"/>), for any other file the first differing byte with a short text or
/// hex context.
/// </summary>
public static class FileDiff
{
    private const int ContextBytes = 16;
    private const int ContextChars = 60;

    public static string Describe(byte[] a, byte[] b, string path)
    {
        if (a.AsSpan().SequenceEqual(b))
        {
            return "identical";
        }

        var structural = AssemblyDiff.TryDescribe(a, b);
        var bytes = DescribeBytes(a, b);
        return structural is null ? bytes : structural + " (" + bytes + ")";
    }

    /// <summary>The first differing offset, the sizes when they differ, and a text or hex context.</summary>
    public static string DescribeBytes(byte[] a, byte[] b)
    {
        var offset = a.AsSpan().CommonPrefixLength(b);
        var sizes = a.Length == b.Length
            ? string.Empty
            : $"sizes {a.Length.ToString(CultureInfo.InvariantCulture)} and {b.Length.ToString(CultureInfo.InvariantCulture)} bytes, ";
        if (IsText(a) && IsText(b))
        {
            var (line, column) = LineAndColumn(a, offset);
            return $"{sizes}first difference at byte {offset.ToString(CultureInfo.InvariantCulture)} (line {line.ToString(CultureInfo.InvariantCulture)}, column {column.ToString(CultureInfo.InvariantCulture)}): "
                   + $"{TextContext(a, offset)} vs {TextContext(b, offset)}";
        }

        return $"{sizes}first difference at byte {offset.ToString(CultureInfo.InvariantCulture)} (0x{offset.ToString("X", CultureInfo.InvariantCulture)}): "
               + $"{HexContext(a, offset)} vs {HexContext(b, offset)}";
    }

    /// <summary>UTF-8 without a NUL in its first 8 KiB: shown as lines, not bytes.</summary>
    internal static bool IsText(byte[] bytes)
    {
        var sample = bytes.AsSpan(0, Math.Min(bytes.Length, 8192));
        if (sample.IndexOf((byte)0) >= 0)
        {
            return false;
        }

        try
        {
            _ = new UTF8Encoding(false, throwOnInvalidBytes: true).GetCharCount(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    private static (int Line, int Column) LineAndColumn(byte[] bytes, int offset)
    {
        var before = Encoding.UTF8.GetString(bytes, 0, Math.Min(offset, bytes.Length));
        var line = 1 + before.Count(c => c == '\n');
        var lineStart = before.LastIndexOf('\n') + 1;
        return (line, before.Length - lineStart + 1);
    }

    private static string TextContext(byte[] bytes, int offset)
    {
        if (offset >= bytes.Length)
        {
            return "(end of file)";
        }

        var text = Encoding.UTF8.GetString(bytes);
        var charOffset = Encoding.UTF8.GetCharCount(bytes, 0, offset);
        var start = Math.Max(0, charOffset - (ContextChars / 2));
        var length = Math.Min(ContextChars, text.Length - start);
        var snippet = text.Substring(start, length).Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal);
        return "\"" + (start > 0 ? "…" : string.Empty) + snippet + (start + length < text.Length ? "…" : string.Empty) + "\"";
    }

    private static string HexContext(byte[] bytes, int offset)
    {
        if (offset >= bytes.Length)
        {
            return "(end of file)";
        }

        var length = Math.Min(ContextBytes, bytes.Length - offset);
        return Convert.ToHexString(bytes, offset, length) + (offset + length < bytes.Length ? "…" : string.Empty);
    }
}
