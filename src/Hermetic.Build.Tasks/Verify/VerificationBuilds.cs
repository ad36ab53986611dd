using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Hermetic.Build.Core;

namespace Hermetic.Build.Verify;

/// <summary>How one copy's build went.</summary>
public sealed record CopyBuild(StagedCopy Copy, ChildProcessResult Result, TimeSpan Elapsed)
{
    public bool Succeeded => Result.Succeeded;
}

/// <summary>What every verification build shares: the entry point, configuration and settings forwarded to each.</summary>
public sealed record VerificationSettings(
    string EntryPoint,
    string Configuration,
    bool Locked,
    IsolatedCopyBuild IsolatedBuild,
    IReadOnlyList<KeyValuePair<string, string?>> ForwardedProperties,
    TimeSpan Timeout,
    bool Parallel);

/// <summary>
/// Step 2 of the proof: in each copy, a locked restore into its empty packages folder and a
/// CI-mode build, as a child process under the copy's varied environment (network blocked unless
/// a network source is allowed). The first copy also runs every generator twice.
/// </summary>
public sealed class VerificationBuilds(VerificationSettings settings, Action<string> progress, CancellationToken cancellation)
{
    /// <summary>How often a long phase says it is still running.</summary>
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(30);

    private readonly ConcurrentQueue<string> _progress = new();

    // The phase each copy is in and since when, for the heartbeat; null once the copy is done.
    private readonly ConcurrentDictionary<string, (string Phase, Stopwatch Since, TimeSpan LastBeat)?> _phases = new(StringComparer.Ordinal);

    public IReadOnlyList<CopyBuild> Run(IReadOnlyList<StagedCopy> copies)
    {
        var parent = VerifyEnvironment.Parent();
        var dotnet = DotNetPath(parent);
        var builds = new CopyBuild[copies.Count];
        void BuildCopy(int index) => builds[index] = Build(copies[index], index, copies.Count, dotnet, parent);

        // The builds run on other threads (at once, or one after the other); this one logs their progress and the heartbeat.
        var tasks = settings.Parallel
            ? Enumerable.Range(0, copies.Count).Select(i => Task.Run(() => BuildCopy(i))).ToArray()
            : [Task.Run(() => { for (var i = 0; i < copies.Count; i++) { BuildCopy(i); } })];
        while (!Task.WaitAll(tasks, TimeSpan.FromMilliseconds(250)))
        {
            Heartbeat();
            DrainProgress();
        }

        DrainProgress();
        cancellation.ThrowIfCancellationRequested();
        return builds;
    }

    /// <summary>The report's line for one copy's build.</summary>
    public VerifyCheck Check(CopyBuild build)
    {
        var variation = build.Copy.Variation;
        var detail = $"dotnet build {settings.EntryPoint} -c {settings.Configuration}, CI mode, {(settings.Locked ? "locked restore" : "restore")} "
                     + $"into an empty packages folder, {settings.IsolatedBuild.Describe()}; "
                     + string.Join(", ", variation.Described().Select(p => $"{p.Key} {p.Value}"));
        var result = build.Result;
        return new VerifyCheck($"build {variation.Name}", result.Succeeded ? VerifyCheck.Passed : VerifyCheck.Failed,
            result.Succeeded ? detail : $"exit code {result.ExitCode.ToString(CultureInfo.InvariantCulture)}{(result.TimedOut ? " (timed out)" : string.Empty)}; {detail}");
    }

    private CopyBuild Build(StagedCopy copy, int index, int count, string dotnet, IReadOnlyDictionary<string, string> parent)
    {
        var (variation, layout) = (copy.Variation, copy.Layout);
        var arguments = Arguments(layout, runGenerators: index == 0);
        _progress.Enqueue($"building copy {variation.Name} ({index + 1}/{count}): dotnet {string.Join(' ', arguments.Take(4))} … "
                          + $"(TZ={variation.TimeZone}, LANG={variation.Locale}, umask {variation.Umask}, isolation {settings.IsolatedBuild.Isolation.Name})");
        var watch = Stopwatch.StartNew();
        var result = settings.IsolatedBuild.Run(dotnet, arguments, variation.Umask, layout.Repository,
            blackhole => VerifyEnvironment.For(parent, variation, layout, blackhole), settings.Timeout, cancellation,
            phase => _progress.Enqueue($"copy {variation.Name}: {phase}"),
            phase => _phases[variation.Name] = (phase, Stopwatch.StartNew(), TimeSpan.Zero), firstCopy: index == 0);
        _phases[variation.Name] = null;
        watch.Stop();
        File.WriteAllText(layout.BuildLog, result.Output);
        // The whole copy (restore and build); the phase lines above time each part.
        var outcome = result.Succeeded ? "restored and built"
            : result.TimedOut ? "timed out"
            : "failed (exit code " + result.ExitCode.ToString(CultureInfo.InvariantCulture) + ")";
        _progress.Enqueue($"copy {variation.Name}: {outcome} in {watch.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s");
        return new CopyBuild(copy, result, watch.Elapsed);
    }

    private List<string> Arguments(CopyLayout layout, bool runGenerators)
    {
        var arguments = new List<string>
        {
            "build", settings.EntryPoint, "-c", settings.Configuration,
            "-p:ContinuousIntegrationBuild=true", "-p:HermeticCheckAll=true", // CI mode; every check hashes everything, whatever a stamp says
            "-p:_HermeticVerifyOutputsDirectory=" + Escape(layout.Outputs + Path.DirectorySeparatorChar),
            "--disable-build-servers", "-nodeReuse:false", "-tl:off", "-nologo", "-v:m", "-clp:NoSummary",
        };
        if (settings.Locked)
        {
            arguments.Add("-p:RestoreLockedMode=true");
        }

        if (runGenerators)
        {
            // The first copy also runs every generator twice and compares (HB4002, HB4001).
            arguments.Add("-p:HermeticVerifyGenerators=true");
        }

        foreach (var (name, value) in settings.ForwardedProperties)
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

    /// <summary>A line for each phase that has run for another <see cref="HeartbeatInterval"/>, so a long build is not silent.</summary>
    private void Heartbeat()
    {
        foreach (var (copy, state) in _phases)
        {
            if (state is not { } running || running.Since.Elapsed - running.LastBeat < HeartbeatInterval)
            {
                continue;
            }

            var elapsed = running.Since.Elapsed;
            _phases[copy] = running with { LastBeat = elapsed };
            _progress.Enqueue($"copy {copy}: {running.Phase} still running after {Minutes(elapsed)}");
        }
    }

    private static string Minutes(TimeSpan elapsed) => elapsed.TotalMinutes >= 1
        ? $"{(int)elapsed.TotalMinutes} min {elapsed.Seconds.ToString(CultureInfo.InvariantCulture)} s"
        : $"{elapsed.Seconds.ToString(CultureInfo.InvariantCulture)} s";

    // Progress of the builds' threads is logged on the task's thread: MSBuild's logging is not for other threads.
    private void DrainProgress()
    {
        while (_progress.TryDequeue(out var message))
        {
            progress(message);
        }
    }
}

/// <summary>The errors and warnings of the verification builds, mapped to the repository, each once with the copies that said it.</summary>
public static class VerificationDiagnostics
{
    public static IReadOnlyList<(ChildDiagnostic Diagnostic, string Copies)> Collect(IReadOnlyList<CopyBuild> builds, string repositoryRoot)
    {
        var diagnostics = new List<(ChildDiagnostic Diagnostic, string Copies)>();
        foreach (var build in builds)
        {
            var name = build.Copy.Variation.Name;
            foreach (var diagnostic in BuildOutputParser.Parse(build.Result.Output, Folders(build, repositoryRoot)))
            {
                var existing = diagnostics.FindIndex(d => d.Diagnostic == diagnostic);
                if (existing >= 0)
                {
                    diagnostics[existing] = (diagnostic, diagnostics[existing].Copies + " and " + name);
                }
                else
                {
                    diagnostics.Add((diagnostic, name));
                }
            }
        }

        return diagnostics;
    }

    /// <summary>The first error lines of a failed build's log (its last lines when none says "error"), paths mapped to the repository.</summary>
    public static IReadOnlyList<string> FirstErrors(CopyBuild build, string repositoryRoot, int count = 10)
    {
        var lines = build.Result.Output.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToList();
        var errors = lines.Where(l => l.Contains(": error ", StringComparison.Ordinal)).Distinct(StringComparer.Ordinal).Take(count).ToList();
        var folders = Folders(build, repositoryRoot);
        return [.. (errors.Count > 0 ? errors : lines.TakeLast(count)).Select(l => BuildOutputParser.MapText(l.Trim(), folders))];
    }

    /// <summary>
    /// The copy's folders as the user has them: its repository is the repository, its packages folder the
    /// user's packages folder (NUGET_PACKAGES, else ~/.nuget/packages: the same layout), anything else of the
    /// copy a named placeholder, never a temporary path that is gone after the run.
    /// </summary>
    public static IReadOnlyList<(string From, string To)> Folders(CopyBuild build, string repositoryRoot)
    {
        var layout = build.Copy.Layout;
        var parent = VerifyEnvironment.Parent();
        var userPackages = parent.TryGetValue("NUGET_PACKAGES", out var packages) && packages.Length > 0
            ? packages
            : Path.Combine(parent.TryGetValue("HOME", out var home) && home.Length > 0 ? home : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile),
                ".nuget", "packages");
        return
        [
            (layout.Repository, Path.TrimEndingDirectorySeparator(repositoryRoot)),
            (layout.Packages, Path.TrimEndingDirectorySeparator(userPackages)),
            (layout.Root, $"<verification copy {build.Copy.Variation.Name}>"),
            (Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(layout.Root))!, "<verification folder>"),
        ];
    }
}
