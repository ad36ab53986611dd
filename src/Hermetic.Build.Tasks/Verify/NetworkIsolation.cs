using Hermetic.Build.Core;

namespace Hermetic.Build.Verify;

/// <summary>How the verification builds are kept off the network.</summary>
public enum IsolationKind
{
    /// <summary>A fresh user and network namespace per build: no interface but a loopback that is down.</summary>
    Namespace,

    /// <summary>Proxy variables at a closed port only: code that ignores proxies still reaches the network.</summary>
    Proxy,
}

/// <summary>
/// The isolation in force for one VerifyHermetic run, and how to start a program under it.
/// <see cref="Unavailable"/> says why a namespace could not be had (for HB5004 and the report).
/// </summary>
public sealed record NetworkIsolation(IsolationKind Kind, IReadOnlyList<string> Prefix, string? Unavailable)
{
    /// <summary>The name the report uses: <c>namespace</c> or <c>proxy</c>.</summary>
    public string Name => Kind == IsolationKind.Namespace ? "namespace" : "proxy";

    /// <summary>The program and arguments that run <paramref name="program"/> isolated (unchanged under proxies only).</summary>
    public (string Program, IReadOnlyList<string> Arguments) Wrap(string program, IReadOnlyList<string> arguments) =>
        Prefix.Count == 0 ? (program, arguments) : (Prefix[0], [.. Prefix.Skip(1), "--", program, .. arguments]);

    /// <summary>Proxy variables only, with the reason a namespace was not used.</summary>
    public static NetworkIsolation ProxyOnly(string why) => new(IsolationKind.Proxy, [], why);

    /// <summary>
    /// Chooses the isolation from <c>$(HermeticVerifyIsolation)</c>: empty takes a namespace where
    /// the platform allows it and proxies elsewhere; <c>Proxy</c> takes proxies; <c>Namespace</c>
    /// where none can be had is a <see cref="NamespaceUnavailableException"/> (HB5005).
    /// </summary>
    public static NetworkIsolation Choose(string? requested, SourceLocation setting, Func<NetworkIsolation> probe)
    {
        var value = (requested ?? string.Empty).Trim();
        if (value.Length == 0)
        {
            return probe();
        }

        if (value.Equals(nameof(IsolationKind.Proxy), StringComparison.OrdinalIgnoreCase))
        {
            return ProxyOnly("HermeticVerifyIsolation=Proxy");
        }

        if (value.Equals(nameof(IsolationKind.Namespace), StringComparison.OrdinalIgnoreCase))
        {
            var probed = probe();
            return probed.Kind == IsolationKind.Namespace ? probed : throw new NamespaceUnavailableException(probed.Unavailable ?? "unknown reason");
        }

        throw new HermeticInputException(setting, $"HermeticVerifyIsolation is '{value}'; it must be 'Namespace', 'Proxy' or empty");
    }
}

/// <summary>HermeticVerifyIsolation=Namespace where the platform gives none: the reason, for HB5005.</summary>
public sealed class NamespaceUnavailableException(string reason) : Exception(reason)
{
    public string Reason { get; } = reason;
}

/// <summary>
/// Finds out whether this machine gives an unprivileged process a user and network namespace:
/// runs <c>unshare</c> (util-linux) on a no-op under each way of mapping the user, and keeps the
/// first that works. Mapping the current user keeps file owners and the user id as they are;
/// older util-linux (before 2.38) only maps to root.
/// </summary>
public static class NamespaceProbe
{
    private static readonly string[][] Mappings = [["--map-current-user"], ["--map-root-user"]];

    private static readonly Lazy<NetworkIsolation> Cached = new(() => Probe(FindUnshare(), RunQuietly));

    /// <summary>The result for this process: the probe costs a few milliseconds and runs once.</summary>
    public static NetworkIsolation Machine() => Cached.Value;

    /// <summary>The probe itself, with the program search and the runner passed in (tests swap them).</summary>
    public static NetworkIsolation Probe(string? unshare, Func<string, IReadOnlyList<string>, (int ExitCode, string Output)> run) =>
        Probe(unshare, run, ReadKernelSetting);

    /// <summary>The probe, with the reader of the kernel's settings (<c>/proc/sys/&lt;name&gt;</c>) passed in too.</summary>
    public static NetworkIsolation Probe(string? unshare, Func<string, IReadOnlyList<string>, (int ExitCode, string Output)> run,
        Func<string, string?> readKernelSetting)
    {
        if (!OperatingSystem.IsLinux())
        {
            return NetworkIsolation.ProxyOnly($"network namespaces exist on Linux only, this is {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");
        }

        if (unshare is null)
        {
            return NetworkIsolation.ProxyOnly(WithoutUnshare(readKernelSetting));
        }

        var failure = string.Empty;
        foreach (var mapping in Mappings)
        {
            IReadOnlyList<string> prefix = [unshare, "--user", .. mapping, "--net"];
            var (exitCode, output) = run(unshare, [.. prefix.Skip(1), "--", "/bin/sh", "-c", "exit 0"]);
            if (exitCode == 0)
            {
                return new NetworkIsolation(IsolationKind.Namespace, prefix, null);
            }

            failure = output.Trim();
        }

        return NetworkIsolation.ProxyOnly($"the kernel refused an unprivileged user and network namespace ({(failure.Length == 0 ? "unshare failed" : failure)})");
    }

    /// <summary>
    /// Why there is no namespace when <c>unshare</c> is missing. The kernel's settings, read without running anything,
    /// tell whether installing util-linux is all it takes (then the message says so), or whether the kernel would refuse
    /// the namespace too; without /proc/sys nothing more is said.
    /// </summary>
    public static string WithoutUnshare(Func<string, string?> readKernelSetting)
    {
        const string Missing = "the 'unshare' program (util-linux) is not on PATH, /usr/bin or /bin";
        if (!int.TryParse(readKernelSetting("user/max_user_namespaces")?.Trim(), System.Globalization.NumberStyles.None,
                System.Globalization.CultureInfo.InvariantCulture, out var limit))
        {
            return Missing;
        }

        var refusedBy = limit == 0 ? "user.max_user_namespaces=0"
            : readKernelSetting("kernel/unprivileged_userns_clone")?.Trim() == "0" ? "kernel.unprivileged_userns_clone=0"
            : readKernelSetting("kernel/apparmor_restrict_unprivileged_userns")?.Trim() == "1" ? "kernel.apparmor_restrict_unprivileged_userns=1"
            : null;
        return refusedBy is null
            ? $"{Missing}, though the kernel allows unprivileged user namespaces (user.max_user_namespaces={limit}): installing util-linux "
              + "(apt-get install util-linux, dnf install util-linux, apk add util-linux) is all that is missing"
            : $"{Missing}, and the kernel refuses unprivileged user namespaces as well ({refusedBy})";
    }

    private static string? ReadKernelSetting(string name)
    {
        try
        {
            return File.ReadAllText("/proc/sys/" + name);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string? FindUnshare()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var folder in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Append("/usr/bin").Append("/bin"))
        {
            var candidate = Path.Combine(folder, "unshare");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static (int ExitCode, string Output) RunQuietly(string program, IReadOnlyList<string> arguments)
    {
        try
        {
            var result = ChildProcess.Run(program, arguments, Path.GetTempPath(), [new("PATH", "/usr/bin:/bin"), new("LC_ALL", "C")],
                TimeSpan.FromSeconds(20), CancellationToken.None);
            return (result.TimedOut ? -1 : result.ExitCode, result.Output);
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException or InvalidOperationException)
        {
            return (-1, e.Message);
        }
    }
}
