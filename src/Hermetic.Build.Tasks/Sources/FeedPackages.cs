using Hermetic.Build.Core;
using Hermetic.Build.Locks;
using Microsoft.Build.Framework;

namespace Hermetic.Build.Sources;

/// <summary>
/// The packages of a folder feed of the repository (a vendor folder, a feed folder), as NuGet finds them:
/// <c>&lt;feed&gt;/*.nupkg</c> (flat) and <c>&lt;feed&gt;/&lt;id&gt;/&lt;version&gt;/*.nupkg</c> (hierarchical).
/// Each is opened with NuGet's reader (central directory and nuspec: cheap), once per build and file.
/// </summary>
public static class FeedPackages
{
    private static readonly EnumerationOptions TwoLevels = new() { RecurseSubdirectories = true, MaxRecursionDepth = 2, IgnoreInaccessible = true };

    /// <summary>The .nupkg files of the feed folder, sorted; none when it does not exist.</summary>
    public static IEnumerable<string> Find(string folder) =>
        Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, "*.nupkg", TwoLevels).Order(StringComparer.Ordinal)
            : [];

    /// <summary>Why the package cannot be read, or empty when NuGet can read it.</summary>
    public static string Problem(IBuildEngine? engine, string nupkg) =>
        BuildCache.GetForFile(engine, "feed-package", nupkg, path =>
        {
            try
            {
                NupkgFile.Read(path, reader => reader.GetIdentity());
                return string.Empty;
            }
            catch (HermeticInputException e)
            {
                return (e.InnerException?.Message ?? e.Message).TrimEnd('.');
            }
        });
}
