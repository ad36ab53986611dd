using System.Reflection;
using System.Text.Json;

namespace Hermetic.Build.TestSupport;

/// <summary>
/// The real, signed packages the test projects download (PackageDownload in tests/Directory.Build.props),
/// in the packages folder the test project's restore used: NuGetPackageRoot, written into the test
/// assembly at build time, so it follows NUGET_PACKAGES (with or without a trailing slash) and HOME.
/// A package that is not there fails the test that needs it.
/// </summary>
public static class RestoredPackages
{
    private const string MetadataKey = "HermeticTestPackagesFolder";

    /// <summary>The packages folder of the test project's restore (full path, no trailing separator).</summary>
    public static string Folder { get; } = FindFolder();

    /// <summary>The .nupkg of a package restore put in the packages folder.</summary>
    public static string Nupkg(string id, string version)
    {
        var lower = id.ToLowerInvariant();
        var path = Path.Combine(Folder, lower, version.ToLowerInvariant(), $"{lower}.{version.ToLowerInvariant()}.nupkg");
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{id} {version} is not in the packages folder '{Folder}': restore the test project (it downloads it).");
        }

        return path;
    }

    /// <summary>NuGet's own content hash of a restored package, as it wrote it into .nupkg.metadata when it extracted it.</summary>
    public static string NuGetContentHash(string nupkgPath)
    {
        var metadata = Path.Combine(Path.GetDirectoryName(nupkgPath)!, ".nupkg.metadata");
        using var document = JsonDocument.Parse(File.ReadAllBytes(metadata));
        return document.RootElement.GetProperty("contentHash").GetString()
            ?? throw new InvalidOperationException($"'{metadata}' has no contentHash");
    }

    private static string FindFolder()
    {
        var value = typeof(RestoredPackages).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == MetadataKey)?.Value;
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new InvalidOperationException($"The test assembly has no {MetadataKey}: build it after a restore (NuGetPackageRoot was empty).");
        }

        var folder = Path.TrimEndingDirectorySeparator(Path.GetFullPath(value));
        if (!Directory.Exists(folder))
        {
            throw new InvalidOperationException($"The packages folder the test project was restored into, '{folder}', does not exist.");
        }

        return folder;
    }
}
