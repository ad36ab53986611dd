namespace Hermetic.Build.Diagnostics;

/// <summary>Codes of <c>VerifyHermetic</c>: the two verification builds and the baseline.</summary>
public static partial class HermeticDiagnostics
{
    public static readonly HermeticDiagnostic VerifyBuildsDiffer = new(
        "HB3002",
        "A file differs between the two verification builds",
        "'{0}' differs between the two verification builds of this commit: {1}. Something the build reads changes from one build to the next (the clock, a random value, the path, time zone, locale, user or environment of the build): find what writes this part of the file and make it depend only on the repository's files.");

    public static readonly HermeticDiagnostic VerifyBaselineDiffers = new(
        "HB5001",
        "A file differs from the baseline manifest",
        "'{0}' differs from the baseline manifest '{1}': {2}. The baseline was built from other inputs or in another way: build it again from this commit in CI mode, or find what the two machines do differently (SDK, packages, environment).");

    public static readonly HermeticDiagnostic VerifyWorkingTreeDirty = new(
        "HB5003",
        "VerifyHermetic verified a working tree with uncommitted changes",
        "The working tree has uncommitted changes ({0}); VerifyHermetic verifies it as it is: the tracked files with their changes, without untracked files. Commit the changes (and add needed untracked files) so the proof is about a commit.");
}
