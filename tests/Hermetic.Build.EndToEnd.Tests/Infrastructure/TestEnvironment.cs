using System.Collections;

namespace Hermetic.Build.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A clean environment for child builds: nothing of the test runner's MSBuild, NuGet, dotnet or
/// CI state leaks in (CI itself runs these tests with CI=true), NuGet and dotnet use folders of
/// this test run only, and git commits are reproducible.
/// </summary>
public static class TestEnvironment
{
    private static readonly string[] LeakingPrefixes =
        ["NUGET_", "MSBUILD", "DOTNET_", "COMPLUS_", "VSTEST", "TESTINGPLATFORM_", "GIT_", "HERMETIC"];

    /// <summary>Variables by which Hermetic.Build (or MSBuild) recognises a CI system.</summary>
    public static readonly string[] CiVariables =
    [
        "CI", "TF_BUILD", "GITHUB_ACTIONS", "GITLAB_CI", "JENKINS_URL", "TEAMCITY_VERSION", "BUILDKITE", "CIRCLECI",
        "TRAVIS", "APPVEYOR", "BITBUCKET_BUILD_NUMBER", "CODEBUILD_BUILD_ID", "DRONE", "BUDDY", "SPACE_MODULE",
        "GITHUB_STEP_SUMMARY", "SOURCE_DATE_EPOCH", "ContinuousIntegrationBuild",
    ];

    public static Dictionary<string, string> Create(string runDirectory)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            var key = (string)entry.Key;
            if (LeakingPrefixes.Any(p => key.StartsWith(p, StringComparison.OrdinalIgnoreCase))
                || CiVariables.Contains(key, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }

            environment[key] = (string?)entry.Value ?? string.Empty;
        }

        var home = Directory.CreateDirectory(Path.Combine(runDirectory, "home")).FullName;
        environment["HOME"] = home; // no user-level nuget.config or git config of the machine
        environment["DOTNET_CLI_HOME"] = home;
        environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        environment["DOTNET_NOLOGO"] = "1";
        environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        environment["DOTNET_CLI_WORKLOAD_UPDATE_NOTIFY_DISABLE"] = "1";
        environment["MSBUILDDISABLENODEREUSE"] = "1";
        environment["NUGET_PACKAGES"] = Path.Combine(runDirectory, "packages");
        environment["NUGET_HTTP_CACHE_PATH"] = Path.Combine(runDirectory, "http-cache");
        environment["NUGET_PLUGINS_CACHE_PATH"] = Path.Combine(runDirectory, "plugins-cache");
        environment["GIT_CONFIG_NOSYSTEM"] = "1";
        environment["GIT_AUTHOR_NAME"] = "Hermetic Test";
        environment["GIT_AUTHOR_EMAIL"] = "test@example.invalid";
        environment["GIT_COMMITTER_NAME"] = "Hermetic Test";
        environment["GIT_COMMITTER_EMAIL"] = "test@example.invalid";
        environment["GIT_AUTHOR_DATE"] = "2026-01-02T03:04:05Z";
        environment["GIT_COMMITTER_DATE"] = "2026-01-02T03:04:05Z";
        return environment;
    }
}
