using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Hermetic.Build.Diagnostics;
using Hermetic.Build.Infrastructure;
using Microsoft.Build.Framework;

namespace Hermetic.Build.Verify;

/// <summary>
/// The CI proof (CONTRACT §7): the repository's tracked files copied to two fresh folders of
/// different path length; in each, a locked restore into an empty packages folder (network
/// blocked unless a network source is allowed) and a CI-mode build as a child process under a
/// varied environment; every output compared (HB3002), a baseline's outputs compared (HB5001);
/// verify.json and verify.md written. Runs once per entry point (project or solution): the
/// targets call it through one project instance that MSBuild builds once per build.
/// </summary>
public sealed class VerifyHermetic : HermeticTask, ICancelableTask
{
    private readonly CancellationTokenSource _cancellation = new();
    private readonly ConcurrentQueue<string> _progress = new();

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

        if (!tree.TrackedFiles.Contains(entryRelative, StringComparer.Ordinal))
        {
            throw new HermeticInputException(new SourceLocation(entryPoint), "it is not tracked by git, so the copies of the repository would not hold it; commit it");
        }

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

        Progress($"verifying {entryRelative} ({configuration}) at {(tree.Head is null ? "no commit" : "commit " + tree.Head[..Math.Min(12, tree.Head.Length)])}: two fresh copies, two CI-mode builds, outputs compared");
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
            var (json, markdown) = report.Write(reportDirectory);
            JsonReport = json;
            MarkdownReport = markdown;
            AppendStepSummary(report);
            if (!KeepCopies)
            {
                TryDelete(workDirectory);
            }

            Progress($"{report.Result}: {report.Projects.Count} project(s), {report.Files.Count} file(s) compared, {report.Differences.Count} difference(s); report {json}"
                     + (KeepCopies ? $"; copies kept in {workDirectory}" : string.Empty));
        }
    }

    private void Verify(WorkingTree tree, string entryRelative, string configuration, IsolatedCopyBuild isolatedBuild,
        IReadOnlyList<BaselineManifest> baseline, string workDirectory, VerifyReport report)
    {
        if (Directory.Exists(workDirectory) && Directory.EnumerateFileSystemEntries(workDirectory).Any())
        {
            throw new HermeticInputException(new SourceLocation(workDirectory), "the folder for the verification copies is not empty; name an empty or new folder in HermeticVerifyDirectory");
        }

        var networkBlocked = !isolatedBuild.RestoreNeedsNetwork;
        var layouts = BuildVariation.Both.Select(v => (Variation: v, Layout: new CopyLayout(Path.Combine(workDirectory, v.Folder)))).ToList();

        // 1. Copies.
        var copied = new int[layouts.Count];
        Progress($"copying {tree.TrackedFiles.Count} tracked files to {string.Join(" and ", layouts.Select(l => l.Layout.Repository))}");
        for (var i = 0; i < layouts.Count; i++)
        {
            layouts[i].Layout.Create();
            copied[i] = tree.CopyTo(layouts[i].Layout.Repository);
        }

        report.Checks.Add(new VerifyCheck("copy", VerifyCheck.Passed,
            $"{copied[0]} tracked files copied to two fresh folders whose paths differ in length"));

        // 2. Builds.
        var locked = tree.TrackedFiles.Any(f => f == "packages.lock.json" || f.EndsWith("/packages.lock.json", StringComparison.Ordinal));
        var parent = VerifyEnvironment.Parent();
        var dotnet = DotNetPath(parent);
        var results = new ChildProcessResult[layouts.Count];
        var watches = new Stopwatch[layouts.Count];
        void BuildCopy(int index)
        {
            var (variation, layout) = layouts[index];
            var arguments = BuildArguments(entryRelative, configuration, layout, locked, runGenerators: index == 0);
            _progress.Enqueue($"building copy {variation.Name} ({index + 1}/{layouts.Count}): dotnet {string.Join(' ', arguments.Take(4))} … "
                              + $"(TZ={variation.TimeZone}, LANG={variation.Locale}, umask {variation.Umask}, isolation {isolatedBuild.Isolation.Name})");
            watches[index] = Stopwatch.StartNew();
            results[index] = isolatedBuild.Run(dotnet, arguments, variation.Umask, layout.Repository,
                blackhole => VerifyEnvironment.For(parent, variation, layout, blackhole), TimeSpan.FromMinutes(Math.Max(1, TimeoutMinutes)), _cancellation.Token,
                phase => _progress.Enqueue($"copy {variation.Name}: {phase}"));
            watches[index].Stop();
            File.WriteAllText(layout.BuildLog, results[index].Output);
            _progress.Enqueue($"copy {variation.Name} {(results[index].Succeeded ? "built" : results[index].TimedOut ? "timed out" : "failed (exit code " + results[index].ExitCode.ToString(CultureInfo.InvariantCulture) + ")")} "
                              + $"in {watches[index].Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s");
        }

        if (Parallel)
        {
            var builds = Enumerable.Range(0, layouts.Count).Select(i => Task.Run(() => BuildCopy(i))).ToArray();
            while (!Task.WaitAll(builds, TimeSpan.FromMilliseconds(250)))
            {
                DrainProgress();
            }
        }
        else
        {
            for (var i = 0; i < layouts.Count; i++)
            {
                BuildCopy(i);
                DrainProgress();
            }
        }

        DrainProgress();
        _cancellation.Token.ThrowIfCancellationRequested();

        // Diagnostics of both builds, mapped to the repository, said once each.
        Directory.CreateDirectory(ReportDirectoryFull());
        var diagnostics = new List<(ChildDiagnostic Diagnostic, string Copies)>();
        for (var i = 0; i < layouts.Count; i++)
        {
            var (variation, layout) = layouts[i];
            File.Copy(layout.BuildLog, Path.Combine(ReportDirectoryFull(), $"build-{variation.Name.ToLowerInvariant()}.log"), overwrite: true);
            report.Copies.Add(new VerifyCopy(variation, copied[i], results[i].ExitCode, networkBlocked));
            foreach (var diagnostic in BuildOutputParser.Parse(results[i].Output, layout.Repository, tree.TopLevel))
            {
                var existing = diagnostics.FindIndex(d => d.Diagnostic == diagnostic);
                if (existing >= 0)
                {
                    diagnostics[existing] = (diagnostic, diagnostics[existing].Copies + " and " + variation.Name);
                }
                else
                {
                    diagnostics.Add((diagnostic, variation.Name));
                }
            }
        }

        foreach (var (diagnostic, copies) in diagnostics)
        {
            Relog(diagnostic, copies);
            report.BuildDiagnostics.Add(diagnostic with { File = diagnostic.File is null ? null : BuiltOutput.Relative(tree.TopLevel, diagnostic.File) });
        }

        for (var i = 0; i < layouts.Count; i++)
        {
            var (variation, layout) = layouts[i];
            var result = results[i];
            var detail = $"dotnet build {entryRelative} -c {configuration}, CI mode, {(locked ? "locked restore" : "restore")} into an empty packages folder, {isolatedBuild.Describe()}; "
                         + string.Join(", ", variation.Described().Select(p => $"{p.Key} {p.Value}"));
            report.Checks.Add(new VerifyCheck($"build {variation.Name}", result.Succeeded ? VerifyCheck.Passed : VerifyCheck.Failed,
                result.Succeeded ? detail : $"exit code {result.ExitCode.ToString(CultureInfo.InvariantCulture)}{(result.TimedOut ? " (timed out)" : string.Empty)}; {detail}"));
            if (!result.Succeeded && !diagnostics.Any(d => d.Diagnostic.IsError))
            {
                var log = Path.Combine(ReportDirectoryFull(), $"build-{variation.Name.ToLowerInvariant()}.log");
                throw new HermeticInputException(new SourceLocation(log),
                    $"the verification build of copy {variation.Name} {(result.TimedOut ? "timed out" : "failed with exit code " + result.ExitCode.ToString(CultureInfo.InvariantCulture))} without an error message; its output is in this file");
            }
        }

        var generatorFindings = diagnostics.Where(d => d.Diagnostic.Code is "HB4001" or "HB4002").ToList();
        report.Checks.Add(new VerifyCheck("generators", generatorFindings.Any(d => d.Diagnostic.IsError) ? VerifyCheck.Failed : VerifyCheck.Passed,
            generatorFindings.Count == 0
                ? "every HermeticGenerate generator ran twice in copy A; the runs agree with each other and with the committed output"
                : $"{generatorFindings.Count} generator finding(s) (HB4001/HB4002), see the differences"));

        // 3. Comparison: also of failed builds, as far as they got. A check that fails the build
        // (such as HB3003) leaves the compiled outputs in place, and whether they also differ is
        // worth saying; a build that never got to write outputs recorded none.
        var outputsA = BuiltOutput.ReadAll(layouts[0].Layout.Outputs, layouts[0].Layout.Repository);
        var outputsB = BuiltOutput.ReadAll(layouts[1].Layout.Outputs, layouts[1].Layout.Repository);
        var failed = results.Any(r => !r.Succeeded);
        if (outputsA.Count == 0 && outputsB.Count == 0)
        {
            if (!failed)
            {
                throw new HermeticInputException(new SourceLocation(Path.Combine(tree.TopLevel, entryRelative)),
                    "the verification builds recorded no outputs: no project they built uses Hermetic.Build (or every one sets HermeticMode=Off)");
            }

            report.Checks.Add(new VerifyCheck("compare", VerifyCheck.Skipped, "the verification builds failed before writing outputs"));
            if (baseline.Count > 0)
            {
                report.Checks.Add(new VerifyCheck("baseline", VerifyCheck.Skipped, "the verification builds failed before writing outputs"));
            }

            return;
        }

        var projectCount = outputsA.Concat(outputsB).Select(o => o.Project).Distinct(StringComparer.Ordinal).Count();
        Progress($"comparing the outputs of {projectCount} project(s) of copies A and B");
        var comparison = BuildComparer.Compare(layouts[0].Layout.Repository, outputsA, layouts[1].Layout.Repository, outputsB);
        report.Projects = comparison.Projects;
        report.Files = comparison.Files;
        report.Differences.AddRange(comparison.Differences);
        foreach (var difference in comparison.Differences)
        {
            Report(HermeticDiagnostics.VerifyBuildsDiffer, new SourceLocation(Path.Combine(tree.TopLevel, difference.File)), difference.File, difference.Where);
        }

        report.Checks.Add(new VerifyCheck("compare", comparison.Differences.Count == 0 ? VerifyCheck.Passed : VerifyCheck.Failed,
            $"{comparison.Files.Count} files of {comparison.Projects.Count} project(s): {comparison.Files.Count(f => f.Identical)} identical, {comparison.Differences.Count} differ"
            + (failed ? " (of what the failed builds wrote)" : string.Empty)));

        // 4. Baseline.
        if (baseline.Count > 0)
        {
            Progress($"comparing {baseline.Sum(m => m.Outputs.Count)} output(s) of {baseline.Count} baseline manifest(s) with copy A");
            var differences = BaselineManifest.Compare(baseline, layouts[0].Layout.Repository, outputsA, tree.TopLevel);
            report.Differences.AddRange(differences);
            foreach (var difference in differences)
            {
                Report(HermeticDiagnostics.VerifyBaselineDiffers, new SourceLocation(Path.Combine(tree.TopLevel, difference.File)), difference.File, difference.Against, difference.Where);
            }

            report.Checks.Add(new VerifyCheck("baseline", differences.Count == 0 ? VerifyCheck.Passed : VerifyCheck.Failed,
                $"{baseline.Sum(m => m.Outputs.Count)} output(s) of {baseline.Count} manifest(s): {differences.Count} differ"));
        }
    }

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

    private List<string> BuildArguments(string entryRelative, string configuration, CopyLayout layout, bool locked, bool runGenerators)
    {
        var arguments = new List<string>
        {
            "build", entryRelative, "-c", configuration,
            "-p:ContinuousIntegrationBuild=true",
            "-p:_HermeticVerifyOutputsDirectory=" + Escape(layout.Outputs + Path.DirectorySeparatorChar),
            "--disable-build-servers", "-nodeReuse:false", "-tl:off", "-nologo", "-v:m", "-clp:NoSummary",
        };
        if (locked)
        {
            arguments.Add("-p:RestoreLockedMode=true");
        }

        if (runGenerators)
        {
            // The first copy also runs every generator twice and compares (HB4002, HB4001).
            arguments.Add("-p:HermeticVerifyGenerators=true");
        }

        foreach (var (name, value) in new[] { ("HermeticMode", Mode), ("HermeticWarningCodes", WarningCodes), ("HermeticAllowedSources", AllowedSources) })
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                arguments.Add($"-p:{name}={Escape(value.Trim())}");
            }
        }

        return arguments;
    }

    /// <summary>MSBuild's escaping for a -p: value: ';' and ',' would split it.</summary>
    private static string Escape(string value) =>
        value.Replace("%", "%25", StringComparison.Ordinal).Replace(";", "%3B", StringComparison.Ordinal).Replace(",", "%2C", StringComparison.Ordinal);

    /// <summary>The dotnet that runs this build (DOTNET_HOST_PATH), so each copy builds with the same SDK host.</summary>
    private static string DotNetPath(IReadOnlyDictionary<string, string> parent)
    {
        if (parent.TryGetValue("DOTNET_HOST_PATH", out var host) && File.Exists(host))
        {
            return host;
        }

        var process = Environment.ProcessPath;
        return process is not null && Path.GetFileNameWithoutExtension(process).Equals("dotnet", StringComparison.OrdinalIgnoreCase) ? process : "dotnet";
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

    private void AppendStepSummary(VerifyReport report)
    {
        var summary = Environment.GetEnvironmentVariable("GITHUB_STEP_SUMMARY");
        if (string.IsNullOrEmpty(summary))
        {
            return;
        }

        try
        {
            File.AppendAllText(summary, report.ToMarkdown() + "\n");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.LogWarning(null, HermeticDiagnostics.CheckFailed.Code, null, null, summary, 0, 0, 0, 0,
                $"VerifyHermetic could not append its summary to GITHUB_STEP_SUMMARY: {e.Message}");
        }
    }

    private string ReportDirectoryFull() => Path.GetFullPath(ReportDirectory, StartupDirectory ?? Directory.GetCurrentDirectory());

    private void Progress(string message) => Log.LogMessage(MessageImportance.High, "VerifyHermetic: " + message);

    private void DrainProgress()
    {
        while (_progress.TryDequeue(out var message))
        {
            Progress(message);
        }
    }

    private static bool IsUnder(string path, string directory) =>
        path.StartsWith(Path.TrimEndingDirectorySeparator(directory) + Path.DirectorySeparatorChar, StringComparison.Ordinal);

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
