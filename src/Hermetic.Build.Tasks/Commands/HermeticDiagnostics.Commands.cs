namespace Hermetic.Build.Core;

/// <summary>Area 4, commands run by the build: the Exec gate (docs/sources.md#the-exec-gate).</summary>
public static partial class HermeticDiagnostics
{
    public static readonly HermeticDiagnostic NetworkCommand = new(
        "HB4004",
        "A command fetches or installs from the network",
        "{0}, so the build depends on what a server returns at build time. Commit what it fetches, vendor it, or produce it with a pinned tool of the repository; if this exact command must run, allow it with <HermeticAllowedCommand Include=\"{1}\" /> in the project.");
}
