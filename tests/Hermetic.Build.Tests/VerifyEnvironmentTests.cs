using Hermetic.Build.Verify;

namespace Hermetic.Build.Tests;

/// <summary>The environment of each verification build: nothing of the parent build leaks, everything varied differs.</summary>
public sealed class VerifyEnvironmentTests
{
    private static readonly Dictionary<string, string> Parent = new(StringComparer.Ordinal)
    {
        ["PATH"] = "/usr/bin",
        ["DOTNET_ROOT"] = "/usr/share/dotnet",
        ["DOTNET_HOST_PATH"] = "/usr/share/dotnet/dotnet",
        ["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = "1",
        ["MSBuildExtensionsPath"] = "/usr/share/dotnet/sdk/x/",
        ["MSBUILDNOINPROCNODE"] = "1",
        ["NUGET_PACKAGES"] = "/home/me/.nuget/packages",
        ["NUGET_FALLBACK_PACKAGES"] = "/opt/fallback",
        ["NUGET_CERT_REVOCATION_MODE"] = "online",
        ["HOME"] = "/home/me",
        ["TMPDIR"] = "/tmp",
        ["TZ"] = "Europe/Paris",
        ["LC_TIME"] = "fr_FR.UTF-8",
        ["USER"] = "me",
        ["SOURCE_DATE_EPOCH"] = "1",
        ["GITHUB_STEP_SUMMARY"] = "/tmp/summary.md",
        ["NO_PROXY"] = "*",
        ["MY_SETTING"] = "kept",
    };

    [Fact]
    public void The_parent_builds_state_does_not_leak_and_each_build_gets_its_own_folders()
    {
        var layout = new CopyLayout("/tmp/hv/a");
        var environment = VerifyEnvironment.For(Parent, BuildVariation.A, layout, new LoopbackProxyBlackhole()).ToDictionary(p => p.Key, p => p.Value);

        Assert.Equal("/usr/bin", environment["PATH"]);
        Assert.Equal("/usr/share/dotnet", environment["DOTNET_ROOT"]);
        Assert.Equal("1", environment["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"]);
        Assert.Equal("kept", environment["MY_SETTING"]);
        Assert.Equal("online", environment["NUGET_CERT_REVOCATION_MODE"]);
        foreach (var leaked in new[] { "DOTNET_HOST_PATH", "MSBuildExtensionsPath", "MSBUILDNOINPROCNODE", "NUGET_FALLBACK_PACKAGES", "SOURCE_DATE_EPOCH", "GITHUB_STEP_SUMMARY", "LC_TIME" })
        {
            Assert.False(environment.ContainsKey(leaked), leaked);
        }

        Assert.Equal(layout.Packages, environment["NUGET_PACKAGES"]);
        Assert.Equal(layout.HttpCache, environment["NUGET_HTTP_CACHE_PATH"]);
        Assert.Equal(layout.NuGetScratch, environment["NUGET_SCRATCH"]);
        Assert.Equal(layout.Home, environment["HOME"]);
        Assert.Equal(layout.Temp, environment["TMPDIR"]);
        Assert.Equal("true", environment["CI"]);
        Assert.Equal(Hermetic.Build.Commands.HermeticEnvironment.ClosedProxy, environment["HTTPS_PROXY"]);
        Assert.Equal(Hermetic.Build.Commands.HermeticEnvironment.ClosedProxy, environment["all_proxy"]);
        Assert.Equal(string.Empty, environment["NO_PROXY"]);
        Assert.Equal(BuildVariation.A.TimeZone, environment["TZ"]);
    }

    [Fact]
    public void The_copies_of_a_run_share_one_http_cache_but_not_their_packages_folders()
    {
        var a = new CopyLayout("/tmp/hv/a");
        var b = new CopyLayout("/tmp/hv/bbbb");

        Assert.Equal("/tmp/hv/http-cache", a.HttpCache.Replace('\\', '/'));
        Assert.Equal(a.HttpCache, b.HttpCache);
        Assert.Equal(a.NuGetScratch, b.NuGetScratch);
        Assert.NotEqual(a.Packages, b.Packages);
    }

    [Fact]
    public void The_two_builds_differ_in_time_zone_locale_user_and_variable_order()
    {
        var a = VerifyEnvironment.For(Parent, BuildVariation.A, new CopyLayout("/tmp/hv/a"), null);
        var b = VerifyEnvironment.For(Parent, BuildVariation.B, new CopyLayout("/tmp/hv/bbbbbbbbbbbbbbbb"), null);
        var mapA = a.ToDictionary(p => p.Key, p => p.Value);
        var mapB = b.ToDictionary(p => p.Key, p => p.Value);

        foreach (var name in new[] { "TZ", "LANG", "LC_ALL", "USER", "LOGNAME", "HOME", "TMPDIR" })
        {
            Assert.NotEqual(mapA[name], mapB[name]);
        }

        Assert.Equal(a.Select(p => p.Key).Order(StringComparer.Ordinal), a.Select(p => p.Key));
        Assert.Equal(b.Select(p => p.Key).Order(StringComparer.Ordinal).Reverse(), b.Select(p => p.Key));
        Assert.NotEqual(BuildVariation.A.Umask, BuildVariation.B.Umask);
        Assert.NotEqual(BuildVariation.A.Folder.Length, BuildVariation.B.Folder.Length);
        Assert.False(mapA.ContainsKey("HTTP_PROXY"));
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("", false)]
    [InlineData("vendor/packages", false)]
    [InlineData("https://pkgs.example.invalid/v3/index.json", true)]
    [InlineData("/srv/feed; HTTP://pkgs.example.invalid/v3/index.json", true)]
    public void The_network_is_allowed_only_with_a_network_source_allow_listed(string? allowedSources, bool allowed) =>
        Assert.Equal(allowed, VerifyEnvironment.NetworkAllowed(allowedSources));
}
