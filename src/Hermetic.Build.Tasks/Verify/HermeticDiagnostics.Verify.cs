namespace Hermetic.Build.Core;

/// <summary>Codes of <c>VerifyHermetic</c>: the two verification builds and the baseline.</summary>
public static partial class HermeticDiagnostics
{
    public static readonly HermeticDiagnostic VerifyBuildsDiffer = new(
        "HB3002",
        "A file differs between the two verification builds",
        "'{0}' differs between the two verification builds of this commit: {1}. Something the build reads changes from one build to the next (the clock, a random value, the path, time zone, locale, user or environment of the build): find what writes this part of the file and make it depend only on the repository's files.");

    public static readonly HermeticDiagnostic VerifyBuildChangedTrackedFile = new(
        "HB3004",
        "A verification build changed the repository's files",
        "The verification build of copy {0} {1} '{2}': {3}. A build must leave the files of the commit as they are, so that what is built is what is committed: commit what the build writes (and check it, as HermeticGenerate does), or write it under obj/ or bin/.");

    public static readonly HermeticDiagnostic VerifyBaselineDiffers = new(
        "HB5001",
        "A file differs from the baseline manifest",
        "'{0}' differs from the baseline manifest '{1}': {2}. The baseline was built from other inputs or in another way: build it again from this commit in CI mode, or find what the two machines do differently (SDK, packages, environment).");

    public static readonly HermeticDiagnostic VerifyWorkingTreeDirty = new(
        "HB5003",
        "VerifyHermetic verified a working tree with uncommitted changes",
        "The working tree has uncommitted changes ({0}); VerifyHermetic verifies it as it is: the tracked files with their changes, without untracked files. Commit the changes (and add needed untracked files) so the proof is about a commit.");

    public static readonly HermeticDiagnostic VerifyProxyIsolationOnly = new(
        "HB5004",
        "The verification builds were kept off the network by proxy variables only",
        "The verification builds ran without a network namespace ({0}): only proxy variables pointing at a closed port kept them off the network, so code that ignores proxies (a socket, an HttpClient without a proxy, an inline task, git over ssh) could still reach it. Run VerifyHermetic on Linux with unprivileged user namespaces (util-linux 'unshare') for the full proof.");

    public static readonly HermeticDiagnostic VerifyNamespaceUnavailable = new(
        "HB5005",
        "HermeticVerifyIsolation=Namespace, but this machine gives no network namespace",
        "HermeticVerifyIsolation is 'Namespace', but the verification builds cannot run in a user and network namespace here: {0}. Install util-linux 'unshare' and allow unprivileged user namespaces (sysctl kernel.unprivileged_userns_clone=1, or user.max_user_namespaces > 0), or set HermeticVerifyIsolation=Proxy to accept proxy variables only (HB5004).");
}
