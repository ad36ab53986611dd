namespace Hermetic.Build.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The hermetic tool as a user gets it: packed once per run (dotnet pack of the tool project, which
/// packs Hermetic.Build into it), then installed from that folder feed with `dotnet tool install
/// --tool-path`, offline (a config that clears every source but the folder).
/// </summary>
public static class HermeticTool
{
    private static readonly Lazy<string> Installed = new(Install, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The installed `hermetic` command.</summary>
    public static string Command => Installed.Value;

    /// <summary>The Hermetic.Build package the tool's pack wrote beside the tool package.</summary>
    public static string PackedSdkPackage =>
        Directory.GetFiles(Path.Combine(TestRun.Directory, "tool-feed"), "Hermetic.Build.*.nupkg").Single(p => !Path.GetFileName(p).StartsWith("Hermetic.Build.Tool.", StringComparison.Ordinal));

    /// <summary>Copies a package the test project downloaded (PackageDownload) into a feed folder.</summary>
    public static void CopyDownloadedPackage(string feed, string id, string version) => FixturePackages.CopySignedPackage(feed, id, version);

    private static string Install()
    {
        var root = TestRun.RepositoryRoot;
        var feed = Path.Combine(TestRun.Directory, "tool-feed");
        var pack = ProcessRunner.Run("dotnet",
            ["pack", Path.Combine(root, "src", "Hermetic.Build.Tool", "Hermetic.Build.Tool.csproj"), "-c", "Release", "-o", feed, "--no-restore", "-nodeReuse:false", "-v:m"],
            root, PackEnvironment());
        if (pack.ExitCode != 0)
        {
            throw new InvalidOperationException("Packing the hermetic tool failed." + Environment.NewLine + pack);
        }

        var config = Path.Combine(TestRun.Directory, "tool-nuget.config");
        File.WriteAllText(config, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="tool-feed" value="{feed}" />
              </packageSources>
            </configuration>
            """);
        var toolPath = Path.Combine(TestRun.Directory, "tools");
        var install = ProcessRunner.Run("dotnet",
            ["tool", "install", "Hermetic.Build.Tool", "--tool-path", toolPath, "--configfile", config, "--version", TestRun.PackageVersion],
            TestRun.Directory, TestRun.Environment);
        if (install.ExitCode != 0)
        {
            throw new InvalidOperationException("Installing the hermetic tool failed." + Environment.NewLine + install);
        }

        return Path.Combine(toolPath, OperatingSystem.IsWindows() ? "hermetic.exe" : "hermetic");
    }

    /// <summary>Packing uses the product repository's own restore state (as TestRun does): the runner's NuGet folders.</summary>
    private static Dictionary<string, string> PackEnvironment()
    {
        var environment = new Dictionary<string, string>(TestRun.Environment);
        foreach (var key in new[] { "HOME", "DOTNET_CLI_HOME", "NUGET_PACKAGES", "NUGET_HTTP_CACHE_PATH", "NUGET_PLUGINS_CACHE_PATH" })
        {
            environment.Remove(key);
            if (Environment.GetEnvironmentVariable(key) is { Length: > 0 } original)
            {
                environment[key] = original;
            }
        }

        return environment;
    }
}
