using System.Text;

namespace Hermetic.Build.Tool.Init;

/// <summary>What <c>init</c> does to one file: its content before (null: absent) and after, and why, in a few words per change.</summary>
public sealed record FileEdit(string Path, string? Before, string After, IReadOnlyList<string> Notes)
{
    public bool Changes => !string.Equals(Before, After, StringComparison.Ordinal);

    public static FileEdit Unchanged(string path, string content) => new(path, content, content, []);

    /// <summary>The file as it is, or null when absent. Read as UTF-8 (a BOM is kept by <see cref="TextFile"/>).</summary>
    public static string? Read(string path) => File.Exists(path) ? File.ReadAllText(path, new UTF8Encoding(false)) : null;
}

/// <summary>Text-file helpers that keep a file's own conventions (its line ending) when lines are added.</summary>
public static class TextFile
{
    public static string NewLineOf(string? text) => text is not null && text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
}
