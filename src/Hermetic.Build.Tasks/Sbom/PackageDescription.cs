using System.Xml;
using Hermetic.Build.Core;
using Hermetic.Build.Locks;
using NuGet.Packaging;
using NuGet.Packaging.Core;
using NuGet.Packaging.Licenses;

namespace Hermetic.Build.Sbom;

/// <summary>A package's license as its nuspec declares it: an SPDX expression, a file in the package, or (deprecated) a URL.</summary>
/// <param name="FileText">The license file's text, read from the extracted package (null when it is not there).</param>
public sealed record PackageLicense(string? Expression, string? File, string? FileText, string? Url);

/// <summary>
/// What the SBOM reads from a restored package's nuspec (with NuGet.Packaging's NuspecReader) and
/// folder: its license, whether it declares itself a development dependency, and whether it only
/// holds analyzers (nothing under <c>lib/</c> or <c>runtimes/</c>: nothing runs with the application).
/// </summary>
public sealed record PackageDescription(PackageLicense? License, bool DevelopmentDependency, bool AnalyzersOnly)
{
    public static PackageDescription Unknown { get; } = new(null, false, false);

    /// <summary>The SHA-512 of the .nupkg file as restore recorded it (<c>&lt;id&gt;.&lt;version&gt;.nupkg.sha512</c>, base64),
    /// lowercase hex; differs from NuGet's content hash for a repository-signed package. Null when not recorded.</summary>
    public string? NupkgSha512 { get; init; }

    /// <summary>Reads the package from the first packages folder that holds it; <see cref="Unknown"/> when none does.</summary>
    public static PackageDescription Read(IEnumerable<string> packageFolders, string id, string version)
    {
        var package = ExtractedPackage.Find(packageFolders, id, version);
        if (package is null)
        {
            return Unknown;
        }

        var nuspecPath = Path.Combine(package.Directory, id.ToLowerInvariant() + ".nuspec");
        if (!System.IO.File.Exists(nuspecPath))
        {
            nuspecPath = Directory.EnumerateFiles(package.Directory, "*.nuspec").Order(StringComparer.Ordinal).FirstOrDefault() ?? nuspecPath;
        }

        if (!System.IO.File.Exists(nuspecPath))
        {
            return Unknown;
        }

        NuspecReader nuspec;
        try
        {
            nuspec = new NuspecReader(nuspecPath);
        }
        catch (Exception e) when (e is XmlException or InvalidDataException or PackagingException)
        {
            throw new HermeticInputException(new SourceLocation(nuspecPath), $"the nuspec of {id} {version} cannot be read ({e.Message.TrimEnd('.')})");
        }

        var analyzersOnly = Directory.Exists(Path.Combine(package.Directory, "analyzers"))
            && !Directory.Exists(Path.Combine(package.Directory, "lib"))
            && !Directory.Exists(Path.Combine(package.Directory, "runtimes"));
        return new PackageDescription(ReadLicense(nuspec, package.Directory), nuspec.GetDevelopmentDependency(), analyzersOnly)
        {
            NupkgSha512 = ReadNupkgSha512(package.NupkgPath + ".sha512"),
        };
    }

    private static string? ReadNupkgSha512(string path)
    {
        if (!System.IO.File.Exists(path))
        {
            return null;
        }

        try
        {
            var bytes = Convert.FromBase64String(System.IO.File.ReadAllText(path).Trim());
            return bytes.Length == 64 ? Convert.ToHexStringLower(bytes) : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static PackageLicense? ReadLicense(NuspecReader nuspec, string packageDirectory)
    {
        var metadata = nuspec.GetLicenseMetadata();
        if (metadata is not null && metadata.Type == LicenseType.Expression && !string.IsNullOrWhiteSpace(metadata.License))
        {
            return new PackageLicense(metadata.License.Trim(), null, null, null);
        }

        if (metadata is not null && metadata.Type == LicenseType.File && !string.IsNullOrWhiteSpace(metadata.License))
        {
            var file = metadata.License.Trim().Replace('\\', '/');
            var path = Path.GetFullPath(Path.Combine(packageDirectory, file));
            var text = path.StartsWith(packageDirectory, StringComparison.Ordinal) && System.IO.File.Exists(path)
                ? System.IO.File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal)
                : null;
            return new PackageLicense(null, file, text, null);
        }

        var url = nuspec.GetLicenseUrl();
        return string.IsNullOrWhiteSpace(url) ? null : new PackageLicense(null, null, null, url.Trim());
    }
}
