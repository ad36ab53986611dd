using System.Text;

namespace Hermetic.Build.Tests.TestSupport;

/// <summary>A fresh folder under the system temp folder, deleted on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        var root = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "hermetic-tests", Guid.NewGuid().ToString("N")[..12]);
        Path = Directory.CreateDirectory(root).FullName;
    }

    /// <summary>The folder, without a trailing separator.</summary>
    public string Path { get; }

    public string Combine(params string[] parts) =>
        System.IO.Path.GetFullPath(System.IO.Path.Combine([Path, .. parts.Select(p => p.Replace('/', System.IO.Path.DirectorySeparatorChar))]));

    /// <summary>Writes a file (UTF-8 without BOM, '\n' line ends), creating its folders; returns its full path.</summary>
    public string Write(string relativePath, string content)
    {
        var path = Combine(relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content.ReplaceLineEndings("\n"), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        return path;
    }

    public string WriteBytes(string relativePath, byte[] content)
    {
        var path = Combine(relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
        return path;
    }

    public string CreateDirectory(string relativePath) => Directory.CreateDirectory(Combine(relativePath)).FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp folder does not fail a test.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
