namespace Hermetic.Build.Commands;

/// <summary>
/// The environment every command of a hermetic build runs in (contract §4, "Commands run by the
/// build"): proxies at a closed loopback port so that network calls fail at once instead of
/// reaching out or hanging, no proxy exceptions, UTC, the C locale, and SOURCE_DATE_EPOCH.
/// Exec, HermeticGenerate and VerifyHermetic all take it from here.
/// </summary>
public static class HermeticEnvironment
{
    /// <summary>The proxy every network client is sent to: the discard port on loopback, where
    /// nothing listens on a build machine, so a connection is refused at once.</summary>
    public const string ClosedProxy = "http://127.0.0.1:9";

    /// <summary>The variables, in a fixed order. Proxies are set in both spellings: curl and
    /// Python read lower case, .NET and Go read either.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Variables(string? sourceDateEpoch)
    {
        var variables = new List<KeyValuePair<string, string>>
        {
            new("HTTP_PROXY", ClosedProxy),
            new("HTTPS_PROXY", ClosedProxy),
            new("ALL_PROXY", ClosedProxy),
            new("http_proxy", ClosedProxy),
            new("https_proxy", ClosedProxy),
            new("all_proxy", ClosedProxy),
            new("NO_PROXY", string.Empty),
            new("no_proxy", string.Empty),
            new("TZ", "UTC"),
            new("LC_ALL", "C"),
        };
        if (!string.IsNullOrEmpty(sourceDateEpoch))
        {
            variables.Add(new("SOURCE_DATE_EPOCH", sourceDateEpoch));
        }

        return variables;
    }

    /// <summary>The variables as <c>NAME=value</c> lines, the form of ToolTask's
    /// <c>EnvironmentVariables</c>. Later entries of <paramref name="overrides"/> (the task's own
    /// EnvironmentVariables) win over the hermetic ones.</summary>
    public static string[] AsAssignments(string? sourceDateEpoch, IEnumerable<string>? overrides = null)
    {
        var merged = new List<string>(Variables(sourceDateEpoch).Select(v => v.Key + "=" + v.Value));
        if (overrides is not null)
        {
            merged.AddRange(overrides);
        }

        return merged.ToArray();
    }

    /// <summary>Applies the variables to a child process's environment.</summary>
    public static void ApplyTo(IDictionary<string, string?> environment, string? sourceDateEpoch)
    {
        foreach (var (name, value) in Variables(sourceDateEpoch))
        {
            environment[name] = value;
        }
    }
}
