using Hermetic.Build.Core;
using Hermetic.Build.Verify;

namespace Hermetic.Build.Tests;

/// <summary>
/// The choice of isolation for the verification builds: a namespace where unshare works, proxies
/// elsewhere (HB5004), HermeticVerifyIsolation overriding, Namespace where none exists an error (HB5005).
/// </summary>
public sealed class VerifyNetworkIsolationTests
{
    private static readonly SourceLocation Setting = new("/repo/app/app.csproj");

    private static NetworkIsolation Namespace() => new(IsolationKind.Namespace, ["/usr/bin/unshare", "--user", "--map-current-user", "--net"], null);

    [Fact]
    public void The_probe_takes_the_first_mapping_the_kernel_allows()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var calls = new List<string>();
        var isolation = NamespaceProbe.Probe("/usr/bin/unshare", (program, arguments) =>
        {
            calls.Add(string.Join(' ', arguments));
            return arguments.Contains("--map-current-user") ? (1, "unshare: unrecognized option '--map-current-user'") : (0, string.Empty);
        });

        Assert.Equal(IsolationKind.Namespace, isolation.Kind);
        Assert.Equal("namespace", isolation.Name);
        Assert.Equal(["/usr/bin/unshare", "--user", "--map-root-user", "--net"], isolation.Prefix);
        Assert.Equal(2, calls.Count);
        Assert.EndsWith("-- /bin/sh -c exit 0", calls[1], StringComparison.Ordinal);
    }

    [Fact]
    public void A_kernel_that_refuses_namespaces_gives_proxies_with_its_reason()
    {
        var isolation = NamespaceProbe.Probe("/usr/bin/unshare", (_, _) => (1, "unshare: unshare failed: Operation not permitted\n"));

        Assert.Equal(IsolationKind.Proxy, isolation.Kind);
        Assert.Equal("proxy", isolation.Name);
        Assert.Empty(isolation.Prefix);
        Assert.Contains(OperatingSystem.IsLinux() ? "Operation not permitted" : "Linux only", isolation.Unavailable, StringComparison.Ordinal);
    }

    [Fact]
    public void No_unshare_program_gives_proxies_and_says_so()
    {
        var isolation = NamespaceProbe.Probe(null, (_, _) => throw new InvalidOperationException("must not run"));

        Assert.Equal(IsolationKind.Proxy, isolation.Kind);
        Assert.Contains(OperatingSystem.IsLinux() ? "'unshare'" : "Linux only", isolation.Unavailable, StringComparison.Ordinal);
    }

    [Fact]
    public void No_unshare_on_a_kernel_that_allows_user_namespaces_says_installing_util_linux_is_all_that_is_missing()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var settings = new Dictionary<string, string> { ["user/max_user_namespaces"] = "96370\n", ["kernel/unprivileged_userns_clone"] = "1\n" };

        var isolation = NamespaceProbe.Probe(null, (_, _) => throw new InvalidOperationException("must not run"), name => settings.GetValueOrDefault(name));

        Assert.Equal(IsolationKind.Proxy, isolation.Kind);
        Assert.Contains("'unshare' program (util-linux) is not on PATH", isolation.Unavailable, StringComparison.Ordinal);
        Assert.Contains("the kernel allows unprivileged user namespaces (user.max_user_namespaces=96370)", isolation.Unavailable, StringComparison.Ordinal);
        Assert.Contains("apt-get install util-linux", isolation.Unavailable, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0", null, null, "user.max_user_namespaces=0")]
    [InlineData("100", "0", null, "kernel.unprivileged_userns_clone=0")]
    [InlineData("100", null, "1", "kernel.apparmor_restrict_unprivileged_userns=1")]
    public void No_unshare_on_a_kernel_that_refuses_user_namespaces_names_the_setting(string max, string? clone, string? apparmor, string expected)
    {
        var settings = new Dictionary<string, string?>
        {
            ["user/max_user_namespaces"] = max,
            ["kernel/unprivileged_userns_clone"] = clone,
            ["kernel/apparmor_restrict_unprivileged_userns"] = apparmor,
        };

        var reason = NamespaceProbe.WithoutUnshare(name => settings.GetValueOrDefault(name));

        Assert.Contains("the kernel refuses unprivileged user namespaces as well (" + expected + ")", reason, StringComparison.Ordinal);
        Assert.DoesNotContain("install", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void No_unshare_and_no_kernel_settings_to_read_says_only_that_unshare_is_missing()
    {
        Assert.Equal("the 'unshare' program (util-linux) is not on PATH, /usr/bin or /bin", NamespaceProbe.WithoutUnshare(_ => null));
    }

    [Fact]
    public void A_namespace_wraps_the_program_and_proxies_leave_it_alone()
    {
        var (program, arguments) = Namespace().Wrap("/bin/sh", ["-c", "exit 0"]);
        Assert.Equal("/usr/bin/unshare", program);
        Assert.Equal(["--user", "--map-current-user", "--net", "--", "/bin/sh", "-c", "exit 0"], arguments);

        var (proxyProgram, proxyArguments) = NetworkIsolation.ProxyOnly("test").Wrap("/bin/sh", ["-c", "exit 0"]);
        Assert.Equal("/bin/sh", proxyProgram);
        Assert.Equal(["-c", "exit 0"], proxyArguments);
    }

    [Theory]
    [InlineData("", IsolationKind.Namespace)]
    [InlineData("namespace", IsolationKind.Namespace)]
    [InlineData(" Proxy ", IsolationKind.Proxy)]
    public void The_setting_chooses_where_a_namespace_exists(string setting, IsolationKind expected)
    {
        Assert.Equal(expected, NetworkIsolation.Choose(setting, Setting, Namespace).Kind);
    }

    [Fact]
    public void Empty_takes_proxies_where_no_namespace_exists_and_Namespace_is_then_an_error()
    {
        static NetworkIsolation None() => NetworkIsolation.ProxyOnly("the 'unshare' program (util-linux) is not on PATH");

        Assert.Equal(IsolationKind.Proxy, NetworkIsolation.Choose(null, Setting, None).Kind);
        var error = Assert.Throws<NamespaceUnavailableException>(() => NetworkIsolation.Choose("Namespace", Setting, None));
        Assert.Contains("'unshare'", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_setting_is_bad_input_naming_the_property()
    {
        var error = Assert.Throws<HermeticInputException>(() => NetworkIsolation.Choose("Sandbox", Setting, Namespace));
        Assert.Contains("HermeticVerifyIsolation is 'Sandbox'", error.Message, StringComparison.Ordinal);
        Assert.Equal(Setting, error.Location);
    }

    [Fact]
    public void This_machines_probe_answers_without_throwing()
    {
        var isolation = NamespaceProbe.Machine();

        Assert.True(isolation.Kind == IsolationKind.Namespace ? isolation.Prefix.Count > 0 : isolation.Unavailable is { Length: > 0 });
    }

    [Fact]
    public void The_restore_phase_gets_the_builds_arguments_with_the_configuration_as_a_property()
    {
        var restore = IsolatedCopyBuild.RestoreArguments(["build", "app/app.csproj", "-c", "Release", "-p:ContinuousIntegrationBuild=true", "-nologo"]);

        Assert.Equal(["restore", "app/app.csproj", "-p:Configuration=Release", "-p:ContinuousIntegrationBuild=true", "-nologo"], restore);
    }
}
