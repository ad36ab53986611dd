using Hermetic.Build.SourceControl;
using System.Globalization;
using System.Runtime.CompilerServices;
using Hermetic.Build.Core;
using Microsoft.Build.Framework;

namespace Hermetic.Build.Determinism;

/// <summary>
/// SOURCE_DATE_EPOCH (reproducible-builds.org): the committer time of HEAD in seconds since the
/// Unix epoch. The one place it is read from the repository, for the targets' task and for the
/// commands the build runs alike; read once per repository per build (in each build process).
/// </summary>
public static class SourceDateEpoch
{
    /// <summary>The commit time of HEAD of the repository at <paramref name="root"/>; empty outside a
    /// repository or before the first commit. A libgit2 that cannot load is HermeticInputException.</summary>
    public static string FromRepository(IBuildEngine? engine, string root)
    {
        var fullRoot = Path.GetFullPath(root);
        return BuildCache.GetOrCreate(engine, "source-date-epoch:" + fullRoot, () => new StrongBox<string>(Read(fullRoot))).Value!;
    }

    private static string Read(string root) =>
        Directory.Exists(root) && Git.ReadHead(root)?.CommitTime is { } seconds
            ? seconds.ToString(CultureInfo.InvariantCulture)
            : string.Empty;
}
