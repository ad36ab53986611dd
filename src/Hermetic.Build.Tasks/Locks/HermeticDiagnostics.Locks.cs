namespace Hermetic.Build.Core;

/// <summary>Area 1, locks: lock files, package hashes, packages fetched outside packages.lock.json.</summary>
public static partial class HermeticDiagnostics
{
    public static readonly HermeticDiagnostic LockFileMissing = new(
        "HB1001",
        "A lock file is missing in CI",
        "{0} has no {1}, so this CI build takes whatever the package sources serve today (CI mode because {3}). Run 'dotnet msbuild -t:HermeticLock' on the project or solution on a development machine, and commit {2}.");

    public static readonly HermeticDiagnostic FloatingVersion = new(
        "HB1002",
        "A floating package version",
        "{0} '{1}' asks for the floating version '{2}', which resolves to whatever is newest at restore time. Give an exact version, then run 'dotnet msbuild -t:HermeticLock' and commit the lock files.");

    public static readonly HermeticDiagnostic PackageContentMismatch = new(
        "HB1003",
        "A restored package differs from its lock entry",
        "{0}: {1}. The packages folder no longer holds what {2} locks. Delete the folder '{3}' and restore again (only 'dotnet msbuild -t:HermeticLock' changes a lock).");

    public static readonly HermeticDiagnostic ExternalPackageNotLocked = new(
        "HB1007",
        "A package fetched outside packages.lock.json is not locked",
        "{0} ({1}): {2}. {3}");

    public static readonly HermeticDiagnostic ReliedOnFileNotCommitted = new(
        "HB1008",
        "A file the build relies on is not committed",
        "'{0}' ({1}) {2}, so a fresh clone, a CI build and VerifyHermetic's copies will not have it. {3}");
}
