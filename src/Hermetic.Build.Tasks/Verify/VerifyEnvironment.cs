using System.Collections;
using Hermetic.Build.Commands;

namespace Hermetic.Build.Verify;

/// <summary>
/// What keeps a verification build off the network. The default points every proxy variable at a
/// closed loopback port; the build-wide hermetic environment of the commands concern can take its
/// place (one implementation for Exec, generators and VerifyHermetic).
/// </summary>
public interface INetworkBlackhole
{
    /// <summary>Sets the variables that make network calls of the child fail fast.</summary>
    void Apply(IDictionary<string, string> environment);
}

/// <summary>
/// The proxy variables of the build-wide hermetic environment (<see cref="HermeticEnvironment"/>):
/// HTTP_PROXY, HTTPS_PROXY and ALL_PROXY in both spellings at a closed loopback port, NO_PROXY
/// empty. Its time zone and locale are left out: the verification builds vary them on purpose.
/// </summary>
public sealed class LoopbackProxyBlackhole : INetworkBlackhole
{
    public void Apply(IDictionary<string, string> environment)
    {
        foreach (var (name, value) in HermeticEnvironment.Variables(sourceDateEpoch: null))
        {
            if (name.EndsWith("_PROXY", StringComparison.OrdinalIgnoreCase))
            {
                environment[name] = value;
            }
        }
    }
}

/// <summary>
/// How the two verification builds differ from each other, as reprotest varies its builds: time
/// zone, locale, user, home and temp folders, the order of the environment and the umask. Each
/// value exists on a stock Linux (the time zone from tzdata, the locale through ICU).
/// </summary>
public sealed record BuildVariation(string Name, string Folder, string TimeZone, string Locale, string UserName, string Umask, bool ReverseOrder)
{
    public static readonly BuildVariation A = new("A", "a", "UTC", "C.UTF-8", "hermetic-a", "022", ReverseOrder: false);

    // A folder name of another length, so the two checkouts' paths differ in length too.
    public static readonly BuildVariation B = new("B", "bbbbbbbbbbbbbbbb", "Pacific/Kiritimati", "de_DE.UTF-8", "hermetic-verify-b", "077", ReverseOrder: true);

    public static IReadOnlyList<BuildVariation> Both { get; } = [A, B];

    /// <summary>The varied values, for the report.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Described() =>
    [
        new("locale", Locale),
        new("timeZone", TimeZone),
        new("umask", Umask),
        new("userName", UserName),
        new("variableOrder", ReverseOrder ? "descending" : "ascending"),
    ];
}

/// <summary>The folders one verification build uses: its checkout, packages folder, caches, home and temp.</summary>
public sealed record CopyLayout(string Root)
{
    public string Repository => Path.Combine(Root, "repo");

    public string Packages => Path.Combine(Root, "packages");

    // One HTTP cache for the run, shared by its copies: the second restore reads what the first
    // downloaded instead of fetching it again. Fresh for each run (the run's folder is new), so it
    // only holds what the declared sources served now; each copy still extracts every package into
    // its own empty packages folder and checks it against its lock. NuGet's locks (its scratch
    // folder) are shared too, so two restores never write one cache file at once.
    public string HttpCache => Path.Combine(RunFolder, "http-cache");

    public string NuGetScratch => Path.Combine(RunFolder, "nuget-scratch");

    private string RunFolder => Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(Root)) ?? Root;

    public string PluginsCache => Path.Combine(Root, "plugins-cache");

    public string Home => Path.Combine(Root, "home");

    public string Temp => Path.Combine(Root, "tmp");

    public string Outputs => Path.Combine(Root, "outputs");

    public string BuildLog => Path.Combine(Root, "build.log");

    public void Create()
    {
        foreach (var folder in new[] { Packages, HttpCache, NuGetScratch, PluginsCache, Home, Temp, Outputs })
        {
            Directory.CreateDirectory(folder);
        }
    }
}

/// <summary>The environment of a verification build: the parent's, without what would leak its state, plus the variation.</summary>
public static class VerifyEnvironment
{
    // Prefixes of variables that carry the parent build's MSBuild, dotnet or NuGet state.
    private static readonly string[] LeakingPrefixes = ["DOTNET_", "MSBUILD", "NUGET_", "COMPLUS_", "CORECLR_", "VSTEST", "_MSBUILD"];

    // Kept although they match a prefix: where dotnet is, how it handles cultures, how NuGet checks certificates.
    private static readonly string[] KeptLeakingNames =
        ["DOTNET_ROOT", "DOTNET_SYSTEM_GLOBALIZATION_INVARIANT", "DOTNET_SYSTEM_GLOBALIZATION_PREDEFINED_CULTURES_ONLY", "NUGET_CERT_REVOCATION_MODE"];

    // Replaced by the variation, or set per build.
    private static readonly string[] VariedNames =
        ["TZ", "LANG", "LANGUAGE", "HOME", "TMPDIR", "TEMP", "TMP", "USER", "LOGNAME", "USERNAME", "HOSTNAME", "SOURCE_DATE_EPOCH",
         "GITHUB_STEP_SUMMARY", "GITHUB_OUTPUT", "GITHUB_ENV", "GITHUB_PATH", "GITHUB_STATE", "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"];

    public static IReadOnlyDictionary<string, string> Parent()
    {
        var parent = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            parent[(string)entry.Key] = (string?)entry.Value ?? string.Empty;
        }

        return parent;
    }

    public static IReadOnlyList<KeyValuePair<string, string>> For(IReadOnlyDictionary<string, string> parent, BuildVariation variation,
        CopyLayout layout, INetworkBlackhole? blackhole)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in parent)
        {
            var leaks = LeakingPrefixes.Any(p => key.StartsWith(p, StringComparison.OrdinalIgnoreCase))
                        && !KeptLeakingNames.Any(k => key.StartsWith(k, StringComparison.OrdinalIgnoreCase));
            var varied = VariedNames.Contains(key, StringComparer.OrdinalIgnoreCase) || key.StartsWith("LC_", StringComparison.Ordinal);
            if (!leaks && !varied)
            {
                environment[key] = value;
            }
        }

        environment["CI"] = "true";
        environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        environment["DOTNET_NOLOGO"] = "1";
        environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        environment["DOTNET_CLI_WORKLOAD_UPDATE_NOTIFY_DISABLE"] = "1";
        environment["DOTNET_GENERATE_ASPNET_CERTIFICATE"] = "false";
        environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        environment["MSBUILDDISABLENODEREUSE"] = "1";
        // Messages in English whatever the locale, so the diagnostics read back are the usual ones.
        environment["DOTNET_CLI_UI_LANGUAGE"] = "en";
        environment["DOTNET_CLI_HOME"] = layout.Home;
        environment["NUGET_PACKAGES"] = layout.Packages;
        environment["NUGET_HTTP_CACHE_PATH"] = layout.HttpCache;
        environment["NUGET_SCRATCH"] = layout.NuGetScratch;
        environment["NUGET_PLUGINS_CACHE_PATH"] = layout.PluginsCache;
        environment["HOME"] = layout.Home;
        environment["TMPDIR"] = layout.Temp;
        environment["TEMP"] = layout.Temp;
        environment["TMP"] = layout.Temp;
        environment["TZ"] = variation.TimeZone;
        environment["LANG"] = variation.Locale;
        environment["LC_ALL"] = variation.Locale;
        environment["USER"] = variation.UserName;
        environment["LOGNAME"] = variation.UserName;
        environment["HOSTNAME"] = variation.UserName + "-host";
        if (blackhole is not null)
        {
            blackhole.Apply(environment);
            environment.TryAdd("NUGET_CERT_REVOCATION_MODE", "offline");
        }

        var ordered = environment.OrderBy(pair => pair.Key, StringComparer.Ordinal);
        return [.. variation.ReverseOrder ? ordered.Reverse() : ordered];
    }

    /// <summary>True when no allowed source is a network URL: then the verification builds get no network at all.</summary>
    public static bool NetworkAllowed(string? allowedSources) =>
        (allowedSources ?? string.Empty)
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Any(source => source.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || source.StartsWith("https://", StringComparison.OrdinalIgnoreCase));
}
