using System.Text;

namespace Hermetic.Build.Codegen;

public enum FolderDifferenceKind
{
    /// <summary>The file is in the first folder only.</summary>
    Missing,

    /// <summary>The file is in the second folder only.</summary>
    Extra,

    /// <summary>Both folders have the file, with different bytes.</summary>
    Content,
}

/// <summary>The first difference between two folders: the file (relative, '/'), and for a text
/// file the first line that differs (1-based) with both versions of it; for a binary file the
/// byte offset.</summary>
public sealed record FolderDifference(string RelativePath, FolderDifferenceKind Kind, int Line = 0, string? ExpectedLine = null,
    string? ActualLine = null, long ByteOffset = -1)
{
    /// <summary>A phrase for messages, naming the two sides.</summary>
    /// <param name="folder">Shown before the file's path (the output folder, relative), or empty.</param>
    public string Describe(string expectedName, string actualName, string folder = "")
    {
        var path = folder.Length == 0 ? RelativePath : folder.TrimEnd('/') + "/" + RelativePath;
        return Kind switch
        {
            FolderDifferenceKind.Missing => $"'{path}' is in {expectedName} but not in {actualName}",
            FolderDifferenceKind.Extra => $"'{path}' is in {actualName} but not in {expectedName}",
            _ when Line > 0 => $"'{path}' differs at line {Line}: {expectedName} has {Quote(ExpectedLine)}, {actualName} has {Quote(ActualLine)}",
            _ => $"'{path}' differs at byte {ByteOffset}",
        };
    }

    private static string Quote(string? line)
    {
        if (line is null)
        {
            return "no such line";
        }

        const int Limit = 120;
        var shown = line.Length > Limit ? line[..Limit] + "…" : line;
        return "\"" + shown + "\"";
    }
}

/// <summary>Compares two folders of generated files, file by file in ordinal path order.</summary>
public static class FolderComparison
{
    /// <summary>The first difference, or null when both hold the same files with the same bytes.</summary>
    public static FolderDifference? FirstDifference(string expectedDirectory, string actualDirectory)
    {
        var expected = GeneratedFolder.Files(expectedDirectory).ToDictionary(f => RepositoryPaths.Relative(expectedDirectory, f), StringComparer.Ordinal);
        var actual = GeneratedFolder.Files(actualDirectory).ToDictionary(f => RepositoryPaths.Relative(actualDirectory, f), StringComparer.Ordinal);
        foreach (var relative in expected.Keys.Union(actual.Keys).Order(StringComparer.Ordinal))
        {
            if (!actual.TryGetValue(relative, out var actualFile))
            {
                return new FolderDifference(relative, FolderDifferenceKind.Missing);
            }

            if (!expected.TryGetValue(relative, out var expectedFile))
            {
                return new FolderDifference(relative, FolderDifferenceKind.Extra);
            }

            var difference = CompareFiles(relative, File.ReadAllBytes(expectedFile), File.ReadAllBytes(actualFile));
            if (difference is not null)
            {
                return difference;
            }
        }

        return null;
    }

    /// <summary>Where two versions of one file differ, or null when they are equal.</summary>
    public static FolderDifference? CompareFiles(string relativePath, byte[] expected, byte[] actual)
    {
        if (expected.AsSpan().SequenceEqual(actual))
        {
            return null;
        }

        var offset = expected.AsSpan().CommonPrefixLength(actual);
        if (IsBinary(expected) || IsBinary(actual))
        {
            return new FolderDifference(relativePath, FolderDifferenceKind.Content, ByteOffset: offset);
        }

        var expectedLines = Lines(expected);
        var actualLines = Lines(actual);
        for (var i = 0; i < Math.Max(expectedLines.Length, actualLines.Length); i++)
        {
            var left = i < expectedLines.Length ? expectedLines[i] : null;
            var right = i < actualLines.Length ? actualLines[i] : null;
            if (!string.Equals(left, right, StringComparison.Ordinal))
            {
                return new FolderDifference(relativePath, FolderDifferenceKind.Content, i + 1, left, right, offset);
            }
        }

        // Same lines, different bytes: line endings or a final new line.
        var line = 1 + expected.AsSpan(0, offset).Count((byte)'\n');
        return new FolderDifference(relativePath, FolderDifferenceKind.Content, line, "(other line endings)", "(other line endings)", offset);
    }

    private static bool IsBinary(byte[] content) => content.AsSpan(0, Math.Min(content.Length, 8000)).Contains((byte)0);

    /// <summary>The lines of a text, each without its line end ("\r\n" kept apart from "\n" by
    /// the final comparison of bytes).</summary>
    private static string[] Lines(byte[] content)
    {
        var text = Encoding.UTF8.GetString(content);
        var lines = text.Split('\n');
        return text.EndsWith('\n') ? lines[..^1] : lines;
    }
}
