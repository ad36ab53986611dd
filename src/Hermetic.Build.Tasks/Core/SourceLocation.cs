namespace Hermetic.Build.Core;

/// <summary>Where a diagnostic points: a file, and a 1-based line and column when known (0 = unknown).</summary>
public readonly record struct SourceLocation(string File, int Line = 0, int Column = 0)
{
    /// <summary>Line and column of an offset in a text (bytes of UTF-8, or chars).</summary>
    public static SourceLocation At<T>(string file, ReadOnlySpan<T> text, int offset, T newline)
        where T : IEquatable<T>
    {
        int line = 1, lineStart = 0;
        for (var i = 0; i < offset && i < text.Length; i++)
        {
            if (text[i].Equals(newline))
            {
                line++;
                lineStart = i + 1;
            }
        }

        return new SourceLocation(file, line, offset - lineStart + 1);
    }
}
