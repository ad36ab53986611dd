namespace Hermetic.Build.Tests.TestSupport;

public static class TextPosition
{
    /// <summary>1-based line and column of the first occurrence of <paramref name="needle"/>
    /// (after <paramref name="occurrence"/> - 1 earlier ones) in a file's text.</summary>
    public static (int Line, int Column) Of(string text, string needle, int occurrence = 1)
    {
        text = text.ReplaceLineEndings("\n");
        var index = -1;
        for (var i = 0; i < occurrence; i++)
        {
            index = text.IndexOf(needle, index + 1, StringComparison.Ordinal);
            if (index < 0)
            {
                throw new ArgumentException($"'{needle}' (occurrence {occurrence}) is not in the text.");
            }
        }

        var line = 1 + text.AsSpan(0, index).Count('\n');
        var lineStart = text.LastIndexOf('\n', Math.Max(0, index - 1)) + 1;
        if (index == 0)
        {
            lineStart = 0;
        }

        return (line, index - lineStart + 1);
    }

    /// <summary>Position just after <paramref name="needle"/>: where a text node that follows it starts.</summary>
    public static (int Line, int Column) After(string text, string needle, int occurrence = 1)
    {
        var (line, column) = Of(text, needle, occurrence);
        return (line, column + needle.Length);
    }
}

/// <summary>Test categories, for <c>dotnet test --filter Category=Evaluation</c>.</summary>
public static class Category
{
    public const string Name = "Category";
    public const string Evaluation = "Evaluation";
}
