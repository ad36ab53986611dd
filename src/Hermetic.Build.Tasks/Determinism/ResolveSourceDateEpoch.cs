using System.Globalization;
using System.Runtime.CompilerServices;
using Hermetic.Build.Infrastructure;
using Microsoft.Build.Framework;

namespace Hermetic.Build.Determinism;

/// <summary>
/// SOURCE_DATE_EPOCH (reproducible-builds.org): the commit time of HEAD, in seconds since the Unix
/// epoch, for everything in the build that needs a timestamp. A value already set in the
/// environment wins. Asked of git once per repository per build.
/// </summary>
public sealed class ResolveSourceDateEpoch : HermeticTask
{
    /// <summary><c>$(HermeticRoot)</c>.</summary>
    [Required]
    public string RepositoryRoot { get; set; } = string.Empty;

    /// <summary>The commit time of HEAD, or empty outside a git repository or before the first commit.</summary>
    [Output]
    public string SourceDateEpoch { get; private set; } = string.Empty;

    protected override string CheckName => "source date";

    protected override void Run()
    {
        var root = Path.GetFullPath(RepositoryRoot);
        SourceDateEpoch = BuildCache.GetOrCreate(BuildEngine, "source-date-epoch:" + root, () => new StrongBox<string>(Read(root))).Value!;
        if (SourceDateEpoch.Length == 0)
        {
            Log.LogMessage(MessageImportance.Low, "Hermetic.Build: '{0}' has no git commit; SOURCE_DATE_EPOCH stays unset.", root);
        }
    }

    private static string Read(string root)
    {
        if (!Directory.Exists(root))
        {
            return string.Empty;
        }

        var output = Git.TryRun(root, "log", "-1", "--format=%ct", "HEAD")?.Trim();
        return long.TryParse(output, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? seconds.ToString(CultureInfo.InvariantCulture)
            : string.Empty;
    }
}
