using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Hermetic.Build.TestSupport;

namespace Hermetic.Build.EndToEnd.Tests.Infrastructure;

/// <summary>Packages for a throwaway repository's feed: small ones packed here (unsigned), and real signed
/// packages this test project downloads (<see cref="RestoredPackages"/>).</summary>
public static class FixturePackages
{

    /// <summary>Writes <c>&lt;feed&gt;/&lt;id&gt;.&lt;version&gt;.nupkg</c> with a nuspec, a library
    /// (lib/net10.0/&lt;id&gt;.dll, any bytes: nothing loads it) and the given extra files.</summary>
    /// <param name="metadata">More nuspec metadata elements (<c>&lt;license&gt;</c>, <c>&lt;developmentDependency&gt;</c>).</param>
    public static string Pack(string feedDirectory, string id, string version, IReadOnlyDictionary<string, string>? files = null,
        IReadOnlyDictionary<string, string>? dependencies = null, string metadata = "")
    {
        Directory.CreateDirectory(feedDirectory);
        var path = Path.Combine(feedDirectory, $"{id}.{version}.nupkg");
        using var stream = File.Create(path);
        using var zip = new ZipArchive(stream, ZipArchiveMode.Create);
        Add(zip, id + ".nuspec", $$"""
            <?xml version="1.0" encoding="utf-8"?>
            <package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd">
              <metadata>
                <id>{{id}}</id>
                <version>{{version}}</version>
                <authors>Hermetic Test</authors>
                <description>A test fixture.</description>
                {{metadata}}
                <dependencies>{{string.Concat((dependencies ?? new Dictionary<string, string>()).Select(d => $"<dependency id=\"{d.Key}\" version=\"{d.Value}\" />"))}}</dependencies>
              </metadata>
            </package>
            """);
        Add(zip, "data/readme.txt", $"{id} {version}\n");
        foreach (var (name, content) in files ?? new Dictionary<string, string>())
        {
            Add(zip, name, content);
        }

        return path;
    }

    /// <summary>Copies a real (signed) package the test project downloaded into the feed; returns its path there.</summary>
    public static string CopySignedPackage(string feedDirectory, string id, string version)
    {
        Directory.CreateDirectory(feedDirectory);
        var source = RestoredPackages.Nupkg(id, version);
        var target = Path.Combine(feedDirectory, Path.GetFileName(source));
        File.Copy(source, target, overwrite: true);
        return target;
    }

    /// <summary>NuGet's content hash of an unsigned package: base64 SHA-512 of the file.</summary>
    public static string UnsignedContentHash(string nupkg) => Convert.ToBase64String(SHA512.HashData(File.ReadAllBytes(nupkg)));

    private static void Add(ZipArchive zip, string name, string content)
    {
        var entry = zip.CreateEntry(name);
        entry.LastWriteTime = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
        using var writer = new StreamWriter(entry.Open(), new UTF8Encoding(false));
        writer.Write(content);
    }
}
