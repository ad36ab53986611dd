using Hermetic.Build.Core;
using Microsoft.Build.Framework;

namespace Hermetic.Build.Determinism;

/// <summary>
/// SOURCE_DATE_EPOCH (reproducible-builds.org): the commit time of HEAD, in seconds since the Unix
/// epoch, for everything in the build that needs a timestamp. A value already set in the
/// environment wins. Read by <see cref="Determinism.SourceDateEpoch"/>.
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
        SourceDateEpoch = Determinism.SourceDateEpoch.FromRepository(BuildEngine, root);
        if (SourceDateEpoch.Length == 0)
        {
            Log.LogMessage(MessageImportance.Low, "Hermetic.Build: '{0}' has no git commit; SOURCE_DATE_EPOCH stays unset.", root);
        }
    }
}
