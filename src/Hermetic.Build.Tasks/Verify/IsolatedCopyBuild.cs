using System.Diagnostics;
using System.Globalization;
using System.Text;
using Hermetic.Build.Core;

namespace Hermetic.Build.Verify;

/// <summary>
/// One copy's verification build in two phases, each a child process under the run's network
/// isolation: a restore, which reaches the network only when <c>HermeticAllowedSources</c> names an
/// http(s) source (then outside the namespace, so it can reach those sources; with folder feeds
/// alone it is isolated too), then <c>build --no-restore</c>, which never has a network.
/// </summary>
public sealed class IsolatedCopyBuild(NetworkIsolation isolation, bool restoreNeedsNetwork, INetworkBlackhole blackhole)
{
    // Set when the first copy's restore has ended: the other copies' restores from the network wait
    // for it, so they read the shared HTTP cache it filled instead of downloading every package at
    // the same time (their builds still overlap).
    private readonly TaskCompletionSource _firstRestoreDone = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The isolation in force for every build of the run.</summary>
    public NetworkIsolation Isolation => isolation;

    /// <summary>Whether the restore phase reaches the network (an http(s) source is allowed).</summary>
    public bool RestoreNeedsNetwork => restoreNeedsNetwork;

    /// <summary>How each phase is kept off the network, for the report.</summary>
    public string Describe() =>
        (restoreNeedsNetwork ? "restore reaches the allowed network sources only through NuGet" : $"restore without network ({isolation.Name})")
        + $", build --no-restore without network ({isolation.Name})";

    /// <summary>
    /// Runs restore then build. <paramref name="buildArguments"/> start with <c>build</c>; the
    /// restore gets the same arguments, so both phases evaluate the projects alike. The result holds
    /// both phases' output; a failed restore ends it.
    /// </summary>
    public ChildProcessResult Run(string dotnet, IReadOnlyList<string> buildArguments, string umask, string workingDirectory,
        Func<INetworkBlackhole?, IReadOnlyList<KeyValuePair<string, string>>> environment, TimeSpan timeout, CancellationToken cancellation,
        Action<string> phase, Action<string>? started = null, bool firstCopy = true)
    {
        if (buildArguments.Count == 0 || buildArguments[0] != "build")
        {
            throw new ArgumentException("the arguments of a verification build start with 'build'", nameof(buildArguments));
        }

        var output = new StringBuilder();
        var watch = Stopwatch.StartNew();
        if (restoreNeedsNetwork && !firstCopy)
        {
            _firstRestoreDone.Task.Wait((int)Math.Min(int.MaxValue, timeout.TotalMilliseconds), cancellation);
        }

        started?.Invoke("restore");
        ChildProcessResult restore;
        try
        {
            restore = RunPhase(dotnet, RestoreArguments(buildArguments), umask, workingDirectory,
                environment(restoreNeedsNetwork ? null : blackhole), isolated: !restoreNeedsNetwork, watch, timeout, cancellation);
        }
        finally
        {
            if (firstCopy)
            {
                _firstRestoreDone.TrySetResult();
            }
        }

        output.Append(restore.Output);
        phase($"restored in {Seconds(watch.Elapsed)} s" + (restore.Succeeded ? string.Empty : " (failed)"));
        if (!restore.Succeeded)
        {
            return restore with { Output = output.ToString() };
        }

        var buildStart = watch.Elapsed;
        started?.Invoke("build");
        var build = RunPhase(dotnet, [.. buildArguments, "--no-restore"], umask, workingDirectory, environment(blackhole), isolated: true,
            watch, timeout, cancellation);
        output.Append(build.Output);
        phase($"built in {Seconds(watch.Elapsed - buildStart)} s" + (build.Succeeded ? string.Empty : " (failed)"));
        return build with { Output = output.ToString() };
    }

    /// <summary>The build's arguments for <c>dotnet restore</c>, which takes no <c>-c</c>: the configuration as the property it sets.</summary>
    public static IReadOnlyList<string> RestoreArguments(IReadOnlyList<string> buildArguments)
    {
        var arguments = new List<string> { "restore" };
        for (var i = 1; i < buildArguments.Count; i++)
        {
            if (buildArguments[i] is "-c" or "--configuration" && i + 1 < buildArguments.Count)
            {
                arguments.Add("-p:Configuration=" + buildArguments[++i]);
            }
            else
            {
                arguments.Add(buildArguments[i]);
            }
        }

        return arguments;
    }

    private ChildProcessResult RunPhase(string dotnet, IReadOnlyList<string> arguments, string umask, string workingDirectory,
        IReadOnlyList<KeyValuePair<string, string>> environment, bool isolated, Stopwatch watch, TimeSpan timeout, CancellationToken cancellation)
    {
        var (program, programArguments) = WithUmask(dotnet, arguments, umask);
        if (isolated)
        {
            (program, programArguments) = isolation.Wrap(program, programArguments);
        }

        // One time limit for the copy: the build gets what the restore left.
        var left = timeout - watch.Elapsed;
        return ChildProcess.Run(program, programArguments, workingDirectory, environment, left > TimeSpan.FromSeconds(1) ? left : TimeSpan.FromSeconds(1), cancellation);
    }

    private static (string Program, IReadOnlyList<string> Arguments) WithUmask(string dotnet, IReadOnlyList<string> arguments, string umask)
    {
        if (OperatingSystem.IsWindows())
        {
            return (dotnet, arguments);
        }

        // umask is a property of the process: set it in a shell that then becomes dotnet.
        return ("/bin/sh", ["-c", $"umask {umask} && exec \"$0\" \"$@\"", dotnet, .. arguments]);
    }

    private static string Seconds(TimeSpan elapsed) => elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
}
