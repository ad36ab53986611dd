using System.Globalization;
using Hermetic.Build.Core;
using Hermetic.Build.SourceControl;
using Microsoft.Build.Framework;

namespace Hermetic.Build.Verify;

/// <summary>
/// The CI proof (docs/verify.md), in four steps, each its own part: <see cref="VerificationStaging"/>
/// copies the tracked files to two fresh folders of different path length;
/// <see cref="VerificationBuilds"/> restores (locked, into empty packages folders) and builds each
/// copy in CI mode as a child process under a varied environment; <see cref="OutputComparison"/>
/// compares every output (HB3002) and a baseline's (HB5001); <see cref="VerifyReport"/> writes
/// verify.json and verify.md. This task only orchestrates. Runs once per entry point (project or
/// solution): the targets call it through one project instance that MSBuild builds once per build.
/// </summary>
public sealed class VerifyHermetic : HermeticTask, ICancelableTask
{
    private readonly CancellationTokenSource _cancellation = new();

    /// <summary><c>$(HermeticRoot)</c>.</summary>
    [Required]
    public string RepositoryRoot { get; set; } = string.Empty;

    /// <summary>The solution or project the command named: what each copy builds.</summary>
    [Required]
    public string EntryPoint { get; set; } = string.Empty;

    /// <summary><c>$(Configuration)</c> of the command.</summary>
    public string? Configuration { get; set; }

    /// <summary><c>$(HermeticVerifyConfiguration)</c>: the configuration to verify, when set.</summary>
    public string? RequestedConfiguration { get; set; }

    /// <summary><c>$(HermeticReportDirectory)</c>.</summary>
    [Required]
    public string ReportDirectory { get; set; } = string.Empty;

    /// <summary><c>$(HermeticBaseline)</c>: manifest files or folders of manifests.</summary>
    public string? Baseline { get; set; }

    /// <summary><c>$(MSBuildStartupDirectory)</c>: relative baseline paths are relative to it.</summary>
    public string? StartupDirectory { get; set; }

    /// <summary><c>$(HermeticAllowedSources)</c>: with no network URL in it, the builds get no network.</summary>
    public string? AllowedSources { get; set; }

    /// <summary><c>$(HermeticVerifyDirectory)</c>: where the copies go (default: a new folder under the temp folder).</summary>
    public string? WorkDirectory { get; set; }

    /// <summary><c>$(HermeticVerifyKeepCopies)</c>: leave the copies on disk for inspection.</summary>
    public bool KeepCopies { get; set; }

    /// <summary><c>$(HermeticVerifyParallel)</c>: build the two copies at the same time (default true).</summary>
    public bool Parallel { get; set; } = true;

    /// <summary><c>$(HermeticVerifyTimeoutMinutes)</c>: the longest one verification build may take.</summary>
    public int TimeoutMinutes { get; set; } = 60;

    /// <summary><c>$(HermeticVerifyIsolation)</c>: <c>Namespace</c>, <c>Proxy</c> or empty (a namespace where the platform allows it).</summary>
    public string? Isolation { get; set; }

    /// <summary>
    /// <c>$(HermeticBaselineOutput)</c> of <c>HermeticBuildBaseline</c>: build one copy as each copy
    /// is built here, compare nothing, and write its manifests and outputs into this folder.
    /// </summary>
    public string? BaselineOutput { get; set; }

    /// <summary>Set by the HermeticBuildBaseline target: <see cref="BaselineOutput"/> is then required.</summary>
    public bool BuildBaseline { get; set; }

    /// <summary>Finds out whether a network namespace can be had (tests swap it).</summary>
    internal Func<NetworkIsolation> IsolationProbe { get; set; } = NamespaceProbe.Machine;

    /// <summary>What keeps the builds off the network (swappable for the build-wide hermetic environment).</summary>
    internal INetworkBlackhole NetworkBlackhole { get; set; } = new LoopbackProxyBlackhole();

    /// <summary>verify.json, once written.</summary>
    [Output]
    public string? JsonReport { get; private set; }

    /// <summary>verify.md, once written.</summary>
    [Output]
    public string? MarkdownReport { get; private set; }

    protected override string CheckName => "VerifyHermetic";

    public void Cancel() => _cancellation.Cancel();

    protected override void Run()
    {
        var reportDirectory = Path.GetFullPath(ReportDirectory, StartupDirectory ?? Directory.GetCurrentDirectory());
        var tree = WorkingTree.Read(RepositoryRoot, path => IsUnder(path, reportDirectory));
        var entryPoint = Path.GetFullPath(EntryPoint);
        var entryRelative = Path.GetRelativePath(tree.TopLevel, entryPoint).Replace('\\', '/');
        if (entryRelative.StartsWith("../", StringComparison.Ordinal) || Path.IsPathRooted(entryRelative))
        {
            throw new HermeticInputException(new SourceLocation(entryPoint), $"it lies outside the git work tree '{tree.TopLevel}' that VerifyHermetic copies");
        }

        if (!File.Exists(entryPoint))
        {
            throw new HermeticInputException(new SourceLocation(entryPoint), "the entry point to verify (HermeticVerifyEntryPoint) does not exist");
        }

        if (!tree.TrackedFiles.Contains(entryRelative, StringComparer.Ordinal))
        {
            throw new HermeticInputException(new SourceLocation(entryPoint), "it is not tracked by git, so the copies of the repository would not hold it; commit it");
        }

        CheckSolutionFilter(tree, entryPoint, entryRelative);

        if (BuildBaseline)
        {
            if (string.IsNullOrWhiteSpace(BaselineOutput))
            {
                throw new HermeticInputException(new SourceLocation(entryPoint), "HermeticBuildBaseline needs HermeticBaselineOutput, the folder to write the baseline into");
            }

            // Refused before building, not after: a baseline mixed with an older one would prove nothing.
            BaselineFolder.RequireEmpty(Path.GetFullPath(BaselineOutput.Trim(), StartupDirectory ?? Directory.GetCurrentDirectory()));
        }

        ReportUncommittedInputs(tree);
        var baseline = BaselineManifest.ReadAll(Baseline, StartupDirectory ?? Directory.GetCurrentDirectory());
        var configuration = ChooseConfiguration(baseline);
        var networkBlocked = !VerifyEnvironment.NetworkAllowed(AllowedSources);
        var report = new VerifyReport
        {
            EntryPoint = entryRelative,
            Configuration = configuration,
            Commit = tree.Head,
            Dirty = tree.IsDirty,
        };
        report.BaselineManifests.AddRange(baseline.Select(m => BuiltOutput.Relative(tree.TopLevel, m.File)));

        var isolation = ChooseIsolation(entryPoint, report);
        if (isolation is null)
        {
            var (stoppedJson, stoppedMarkdown) = report.Write(reportDirectory);
            (JsonReport, MarkdownReport) = (stoppedJson, stoppedMarkdown);
            return;
        }

        Progress($"verifying {entryRelative} ({configuration}) at {(tree.Head is null ? "no commit" : "commit " + tree.Head[..Math.Min(12, tree.Head.Length)])}: {(BuildBaseline ? "one fresh copy, one CI-mode build, its manifests kept as a baseline" : "two fresh copies, two CI-mode builds, outputs compared")}");
        if (tree.IsDirty)
        {
            ReportAlwaysWarning(HermeticDiagnostics.VerifyWorkingTreeDirty, new SourceLocation(tree.TopLevel), tree.DescribeChanges());
            report.Checks.Add(new VerifyCheck("working tree", VerifyCheck.Warning, "uncommitted changes, verified as they are: " + tree.DescribeChanges()));
        }
        else
        {
            report.Checks.Add(new VerifyCheck("working tree", VerifyCheck.Passed, "clean"));
        }

        var workDirectory = string.IsNullOrEmpty(WorkDirectory)
            ? Path.Combine(Path.GetTempPath(), "hermetic-verify-" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4)))
            : Path.GetFullPath(WorkDirectory);
        try
        {
            Verify(tree, entryRelative, configuration, new IsolatedCopyBuild(isolation, !networkBlocked, NetworkBlackhole), baseline, workDirectory, report);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The base task reports it (HB0001 for bad input or I/O); the report must not say "passed".
            report.Checks.Add(new VerifyCheck("verify", VerifyCheck.Failed, e.Message));
            throw;
        }
        catch (OperationCanceledException)
        {
            report.Checks.Add(new VerifyCheck("verify", VerifyCheck.Failed, "cancelled"));
            Log.LogMessage(MessageImportance.High, "VerifyHermetic: cancelled.");
        }
        finally
        {
            WriteReport(report, reportDirectory);
            if (!KeepCopies)
            {
                TryDelete(workDirectory);
            }

            Progress($"{report.Result}: {report.Projects.Count} project(s), {report.Files.Count} file(s) compared, {report.Differences.Count} difference(s); report {JsonReport}"
                     + (KeepCopies ? $"; copies kept in {workDirectory}" : string.Empty));
        }
    }

    /// <summary>
    /// A solution filter as the entry point: read (HB0001 when malformed), its solution and projects tracked, so that
    /// each copy builds exactly the filter. A solution with tracked filters of it gets a hint instead: MSBuild tells
    /// no project which filter (if any) the command named, so only HermeticVerifyEntryPoint can say it.
    /// </summary>
    private void CheckSolutionFilter(WorkingTree tree, string entryPoint, string entryRelative)
    {
        if (SolutionFilter.IsFilter(entryPoint))
        {
            var filter = SolutionFilter.Read(entryPoint);
            foreach (var required in filter.ProjectPaths().Prepend(filter.SolutionPath))
            {
                var relative = Path.GetRelativePath(tree.TopLevel, required).Replace('\\', '/');
                if (!tree.TrackedFiles.Contains(relative, StringComparer.Ordinal))
                {
                    throw new HermeticInputException(new SourceLocation(entryPoint),
                        $"it names '{relative}', which is not tracked by git, so the copies of the repository would not hold it; commit it");
                }
            }

            Progress($"solution filter {entryRelative}: {filter.Projects.Count} project(s) of "
                     + $"{Path.GetRelativePath(tree.TopLevel, filter.SolutionPath).Replace('\\', '/')} built, no other");
        }
        else if (SolutionFilter.IsSolution(entryPoint) && SolutionFilter.FiltersOf(entryPoint, tree.TopLevel, tree.TrackedFiles) is { Count: > 0 } filters)
        {
            Progress($"the whole solution {entryRelative} is verified: MSBuild does not tell a build which solution filter named it; "
                     + $"to verify a filter ({string.Join(", ", filters)}), set HermeticVerifyEntryPoint to it");
        }
    }

    /// <summary>HB1008 before copying: a file the builds rely on that the copies will not have (ignored, or merely untracked).</summary>
    private void ReportUncommittedInputs(WorkingTree tree)
    {
        var root = Path.TrimEndingDirectorySeparator(tree.TopLevel);
        foreach (var file in Locks.ReliedOnFiles.Find(root, Locks.ReliedOnFiles.InRepository(BuildEngine, root, tree.TrackedFiles), includeUntracked: true))
        {
            var location = file.Rule is { } rule ? new SourceLocation(rule.File, rule.Line) : new SourceLocation(file.File.Path);
            Report(HermeticDiagnostics.ReliedOnFileNotCommitted, location, Locks.ReliedOnFiles.Describe(file, root));
        }
    }

    /// <summary>The proof as it reads: stage the copies, build them, compare their outputs; the caller reports.</summary>
    private void Verify(WorkingTree tree, string entryRelative, string configuration, IsolatedCopyBuild isolatedBuild,
        IReadOnlyList<BaselineManifest> baseline, string workDirectory, VerifyReport report)
    {
        var copies = VerificationStaging.Stage(tree, workDirectory, Progress, BuildBaseline ? [BuildVariation.A] : null);
        report.Checks.Add(VerificationStaging.Check(copies));

        var settings = new VerificationSettings(
            entryRelative,
            configuration,
            Locked: tree.TrackedFiles.Any(f => f == "packages.lock.json" || f.EndsWith("/packages.lock.json", StringComparison.Ordinal)),
            isolatedBuild,
            [new("HermeticMode", Mode), new("HermeticWarningCodes", WarningCodes), new("HermeticAllowedSources", AllowedSources)],
            TimeSpan.FromMinutes(Math.Max(1, TimeoutMinutes)),
            Parallel);
        var verificationBuilds = new VerificationBuilds(settings, Progress, _cancellation.Token);
        var builds = verificationBuilds.Run(copies);

        // Diagnostics of both builds, mapped to the repository, said once each.
        Directory.CreateDirectory(ReportDirectoryFull());
        foreach (var build in builds)
        {
            File.Copy(build.Copy.Layout.BuildLog, BuildLogInReport(build), overwrite: true);
            report.Copies.Add(new VerifyCopy(build.Copy.Variation, build.Copy.FilesCopied, build.Result.ExitCode, !isolatedBuild.RestoreNeedsNetwork,
                build.Succeeded ? null : VerificationDiagnostics.FirstErrors(build, tree.TopLevel)));
        }

        var diagnostics = VerificationDiagnostics.Collect(builds, tree.TopLevel);
        foreach (var (diagnostic, copiesSaying) in diagnostics)
        {
            Relog(diagnostic, copiesSaying);
            report.BuildDiagnostics.Add(diagnostic with { File = diagnostic.File is null ? null : BuiltOutput.Relative(tree.TopLevel, diagnostic.File) });
        }

        foreach (var build in builds)
        {
            report.Checks.Add(verificationBuilds.Check(build));
            if (!build.Succeeded && !diagnostics.Any(d => d.Diagnostic.IsError))
            {
                throw new HermeticInputException(new SourceLocation(BuildLogInReport(build)),
                    $"the verification build of copy {build.Copy.Variation.Name} "
                    + (build.Result.TimedOut ? "timed out" : "failed with exit code " + build.Result.ExitCode.ToString(CultureInfo.InvariantCulture))
                    + " without an error message; its output is in this file");
            }
        }

        foreach (var build in builds)
        {
            CheckTrackedFiles(tree, build, report);
        }

        if (BuildBaseline)
        {
            WriteBaseline(tree, entryRelative, configuration, isolatedBuild.Isolation, builds[0],
                diagnostics.Any(d => d.Diagnostic.IsError) || report.Differences.Count > 0, report);
            return;
        }

        report.Checks.Add(GeneratorCheck(builds, diagnostics));
        if (baseline.Count == 0)
        {
            report.Checks.Add(new VerifyCheck("baseline", VerifyCheck.NoneDeclared, "HermeticBaseline is not set: nothing built elsewhere to reproduce"));
        }

        new OutputComparison(tree, RepositoryRoot, entryRelative, Progress, (diagnostic, location, args) => Report(diagnostic, location, args))
            .Compare(builds, baseline, report);
    }

    /// <summary>What the generator runs of copy A (HB4002, HB4001) showed: passed only when some ran and agreed.</summary>
    private static VerifyCheck GeneratorCheck(IReadOnlyList<CopyBuild> builds, IReadOnlyList<(ChildDiagnostic Diagnostic, string Copies)> diagnostics)
    {
        var findings = diagnostics.Where(d => d.Diagnostic.Code is "HB4001" or "HB4002").ToList();
        if (findings.Count > 0)
        {
            return new VerifyCheck("generators", findings.Any(d => d.Diagnostic.IsError) ? VerifyCheck.Failed : VerifyCheck.Warning,
                $"{findings.Count} generator finding(s) (HB4001/HB4002), see the build diagnostics");
        }

        var copyA = builds[0];
        var recorded = BuiltOutput.ReadAll(copyA.Copy.Layout.Outputs, copyA.Copy.Layout.Repository);
        var declared = recorded.Sum(o => o.Generators);
        if (!copyA.Succeeded)
        {
            return new VerifyCheck("generators", VerifyCheck.NotRun, recorded.Count == 0
                ? "the build of copy A failed before any project was built, so no generator ran"
                : $"the build of copy A failed; {declared} generator(s) declared, whether all ran is not known");
        }

        return declared == 0
            ? new VerifyCheck("generators", VerifyCheck.NoneDeclared, "no project declares a HermeticGenerate generator")
            : new VerifyCheck("generators", VerifyCheck.Passed,
                $"{declared} HermeticGenerate generator(s) ran twice in copy A; the runs agree with each other and with the committed output");
    }

    /// <summary>HB3004: the copy's tracked files as staged, after its build ("git diff --exit-code").</summary>
    private void CheckTrackedFiles(WorkingTree tree, CopyBuild build, VerifyReport report)
    {
        var name = build.Copy.Variation.Name;
        var changes = build.Copy.Tracked.Changes(
            path => File.Exists(Path.Combine(tree.TopLevel, path)) ? File.ReadAllBytes(Path.Combine(tree.TopLevel, path)) : null,
            IgnoredIn(build.Copy.Layout.Repository));
        foreach (var change in changes)
        {
            var verb = change.Kind switch { "deleted" => "deleted", "added" => "added", _ => "changed" };
            Report(HermeticDiagnostics.VerifyBuildChangedTrackedFile, new SourceLocation(Path.Combine(tree.TopLevel, change.Path), change.Line),
                name, verb, change.Path, change.Detail);
            report.Differences.Add(new FileDifference("HB3004", change.Path, $"copy {name}: {verb}: {change.Detail}"));
        }

        report.Checks.Add(new VerifyCheck($"tracked files {name}", changes.Count == 0 ? VerifyCheck.Passed : VerifyCheck.Failed,
            changes.Count == 0
                ? $"all {build.Copy.Tracked.Count} tracked files as committed after the build; no new untracked, unignored file outside bin/, obj/ and artifacts/"
                : $"the build changed {changes.Count} file(s) of the commit: {string.Join(", ", changes.Take(5).Select(c => c.Path))}{(changes.Count > 5 ? ", …" : string.Empty)}"));
    }

    /// <summary>Whether git's ignore rules (of the commit, read through libgit2 in the copy) ignore a new path of
    /// the copy: a by-product the repository ignores is not a change to the commit.</summary>
    private static Func<string, bool> IgnoredIn(string copyRoot) => path => Git.IsIgnored(copyRoot, path);

    /// <summary>HermeticBuildBaseline's end: the built copy's manifests and outputs into <see cref="BaselineOutput"/>, when it built cleanly.</summary>
    private void WriteBaseline(WorkingTree tree, string entryRelative, string configuration, NetworkIsolation isolation, CopyBuild build, bool errors,
        VerifyReport report)
    {
        var destination = Path.GetFullPath(BaselineOutput!.Trim(), StartupDirectory ?? Directory.GetCurrentDirectory());
        if (!build.Succeeded || errors)
        {
            report.Checks.Add(new VerifyCheck("baseline output", VerifyCheck.NotRun, "the build failed or changed tracked files: no baseline written"));
            return;
        }

        var layout = build.Copy.Layout;
        var built = BuiltOutput.ReadAll(layout.Outputs, layout.Repository);
        var manifests = BaselineFolder.Write(destination, layout.Repository, built, entryRelative, configuration, tree.Head, isolation.Name);
        if (manifests.Count == 0)
        {
            throw new HermeticInputException(new SourceLocation(Path.Combine(tree.TopLevel, entryRelative)),
                "the baseline build wrote no manifest: no project it built uses Hermetic.Build (or every one sets HermeticMode=Off)");
        }

        report.Projects = [.. built.GroupBy(b => b.Project, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new ProjectOutputs(g.Key, [.. g.Select(b => b.TargetFramework).Where(t => t.Length > 0).Order(StringComparer.Ordinal)]))];
        report.Checks.Add(new VerifyCheck("baseline output", VerifyCheck.Passed,
            $"{manifests.Count} manifest(s) with their outputs written for another machine to reproduce (HermeticBaseline)"));
        Progress($"baseline of {manifests.Count} manifest(s) written to {destination}");
    }

    private string BuildLogInReport(CopyBuild build) =>
        Path.Combine(ReportDirectoryFull(), $"build-{build.Copy.Variation.Name.ToLowerInvariant()}.log");

    /// <summary>
    /// The network isolation of the run: a namespace, or proxies with HB5004 (always a warning).
    /// Null when HermeticVerifyIsolation=Namespace cannot be had and HB5005 is an error: the proof stops.
    /// </summary>
    private NetworkIsolation? ChooseIsolation(string entryPoint, VerifyReport report)
    {
        NetworkIsolation isolation;
        try
        {
            isolation = NetworkIsolation.Choose(Isolation, new SourceLocation(entryPoint), IsolationProbe);
        }
        catch (NamespaceUnavailableException e)
        {
            Report(HermeticDiagnostics.VerifyNamespaceUnavailable, new SourceLocation(entryPoint), e.Reason);
            if (Log.HasLoggedErrors)
            {
                report.Checks.Add(new VerifyCheck("network isolation", VerifyCheck.Failed, "HermeticVerifyIsolation=Namespace, but no namespace here: " + e.Reason));
                return null;
            }

            isolation = NetworkIsolation.ProxyOnly(e.Reason);
        }

        report.Isolation = isolation.Name;
        if (isolation.Kind == IsolationKind.Namespace)
        {
            report.Checks.Add(new VerifyCheck("network isolation", VerifyCheck.Passed,
                "namespace: each build in a fresh user and network namespace, no interface but a loopback that is down"));
        }
        else
        {
            ReportAlwaysWarning(HermeticDiagnostics.VerifyProxyIsolationOnly, new SourceLocation(entryPoint), isolation.Unavailable);
            report.Checks.Add(new VerifyCheck("network isolation", VerifyCheck.Warning,
                $"proxy: proxy variables at a closed port only ({isolation.Unavailable}); code that ignores proxies could reach the network (HB5004)"));
        }

        return isolation;
    }

    private string ChooseConfiguration(IReadOnlyList<BaselineManifest> baseline)
    {
        if (!string.IsNullOrWhiteSpace(RequestedConfiguration))
        {
            return RequestedConfiguration.Trim();
        }

        // A baseline names the configuration it was built with: verify that one.
        var configurations = baseline.Select(m => m.Configuration).Where(c => !string.IsNullOrEmpty(c)).Distinct(StringComparer.Ordinal).ToList();
        if (configurations.Count == 1)
        {
            return configurations[0]!;
        }

        return string.IsNullOrWhiteSpace(Configuration) ? "Debug" : Configuration.Trim();
    }

    private void Relog(ChildDiagnostic diagnostic, string copies)
    {
        var message = SecretRedactor.Redact(diagnostic.Message) + $" (verification build {copies})";
        var helpLink = diagnostic.Code is { } code && code.StartsWith("HB", StringComparison.Ordinal) && !string.IsNullOrEmpty(HelpLinkBase)
            ? HelpLinkBase.TrimEnd('/', '\\') + "/" + code + ".md"
            : null;
        if (diagnostic.IsError)
        {
            Log.LogError(null, diagnostic.Code, null, helpLink, diagnostic.File, diagnostic.Line, diagnostic.Column, 0, 0, message);
        }
        else
        {
            Log.LogWarning(null, diagnostic.Code, null, helpLink, diagnostic.File, diagnostic.Line, diagnostic.Column, 0, 0, message);
        }
    }

    /// <summary>A notice that is never an error (HB5003: the tree is verified as it is); NoWarn silences it.</summary>
    private void ReportAlwaysWarning(HermeticDiagnostic diagnostic, SourceLocation location, params object?[] args)
    {
        DiagnosticLog.Write(Log, BuildEngine, HelpLinkBase, diagnostic, isError: false, location, args);
    }

    /// <summary>Step 4: the report, in the report folder and on a CI system's step summary.</summary>
    private void WriteReport(VerifyReport report, string reportDirectory)
    {
        var (json, markdown) = report.Write(reportDirectory);
        JsonReport = json;
        MarkdownReport = markdown;
        var summary = Environment.GetEnvironmentVariable("GITHUB_STEP_SUMMARY");
        if (report.AppendToStepSummary(summary) is { } problem)
        {
            Log.LogWarning(null, HermeticDiagnostics.CheckFailed.Code, null, null, summary, 0, 0, 0, 0,
                $"VerifyHermetic could not append its summary to GITHUB_STEP_SUMMARY: {problem}");
        }
    }

    private string ReportDirectoryFull() => Path.GetFullPath(ReportDirectory, StartupDirectory ?? Directory.GetCurrentDirectory());

    private void Progress(string message) => Log.LogMessage(MessageImportance.High, "VerifyHermetic: " + message);

    private static bool IsUnder(string path, string directory) =>
        PathComparison.StartsWith(path, Path.TrimEndingDirectorySeparator(directory) + Path.DirectorySeparatorChar);

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover temp folder does not change the proof.
        }
    }
}
