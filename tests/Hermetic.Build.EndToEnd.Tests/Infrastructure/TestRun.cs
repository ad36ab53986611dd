namespace Hermetic.Build.EndToEnd.Tests.Infrastructure;

/// <summary>
/// State shared by every end-to-end test of one run: a temporary folder, Hermetic.Build packed
/// once into a feed there, a NuGet packages folder of its own, the clean environment, and the
/// .NET SDK version the throwaway repositories pin.
/// </summary>
public static class TestRun
{
    private static readonly Lazy<State> Shared = new(Initialize, LazyThreadSafetyMode.ExecutionAndPublication);
    private static int _counter;

    public static string Directory => Shared.Value.Directory;

    public static string RepositoryRoot => Shared.Value.RepositoryRoot;

    /// <summary>The packed Hermetic.Build .nupkg.</summary>
    public static string PackagePath => Shared.Value.PackagePath;

    public static string PackageVersion => Shared.Value.PackageVersion;

    /// <summary>The .NET SDK that runs the builds (what `dotnet --version` says outside any global.json).</summary>
    public static string SdkVersion => Shared.Value.SdkVersion;

    public static IReadOnlyDictionary<string, string> Environment => Shared.Value.Environment;

    public static string NewDirectory(string name)
    {
        var path = Path.Combine(Directory, "repos", $"{name}-{Interlocked.Increment(ref _counter)}");
        System.IO.Directory.CreateDirectory(path);
        return path;
    }

    public static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Hermetic.Build.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Hermetic.Build.sln not found above " + AppContext.BaseDirectory);
    }

    private static State Initialize()
    {
        var repositoryRoot = FindRepositoryRoot();
        RemoveLeftovers();
        var directory = Path.Combine(Path.GetTempPath(), "hermetic-e2e-" + Guid.NewGuid().ToString("N")[..8]);
        System.IO.Directory.CreateDirectory(directory);
        if (string.IsNullOrEmpty(System.Environment.GetEnvironmentVariable("HERMETIC_KEEP_TEST_FILES")))
        {
            AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            {
                try { System.IO.Directory.Delete(directory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            };
        }

        var environment = TestEnvironment.Create(directory);

        // Pack with the product repository's own restore state (already restored by the build of
        // this test project), so packing needs no package source: --no-restore.
        var packEnvironment = new Dictionary<string, string>(environment);
        foreach (var key in new[] { "HOME", "DOTNET_CLI_HOME", "NUGET_PACKAGES", "NUGET_HTTP_CACHE_PATH", "NUGET_PLUGINS_CACHE_PATH" })
        {
            packEnvironment.Remove(key);
            if (System.Environment.GetEnvironmentVariable(key) is { Length: > 0 } original)
            {
                packEnvironment[key] = original;
            }
        }

        var feed = Path.Combine(directory, "feed");
        var pack = ProcessRunner.Run("dotnet",
            ["pack", Path.Combine(repositoryRoot, "src", "Hermetic.Build.Tasks", "Hermetic.Build.Tasks.csproj"),
             "-c", "Release", "-o", feed, "--no-restore", "-nodeReuse:false", "-v:m"],
            repositoryRoot, packEnvironment);
        if (pack.ExitCode != 0)
        {
            throw new InvalidOperationException("Packing Hermetic.Build failed." + System.Environment.NewLine + pack);
        }

        var package = System.IO.Directory.GetFiles(feed, "Hermetic.Build.*.nupkg").Single(p => !p.EndsWith(".snupkg", StringComparison.Ordinal));
        var version = Path.GetFileNameWithoutExtension(package)["Hermetic.Build.".Length..];

        var sdk = ProcessRunner.Run("dotnet", ["--version"], directory, environment);
        if (sdk.ExitCode != 0)
        {
            throw new InvalidOperationException("dotnet --version failed." + System.Environment.NewLine + sdk);
        }

        return new State(directory, repositoryRoot, package, version, sdk.Output.Trim(), environment);
    }

    /// <summary>Folders of earlier runs that ended before their exit handler ran (a killed test host).</summary>
    private static void RemoveLeftovers()
    {
        foreach (var old in new DirectoryInfo(Path.GetTempPath()).EnumerateDirectories("hermetic-e2e-*"))
        {
            if (old.LastWriteTimeUtc < DateTime.UtcNow.AddHours(-6))
            {
                try { old.Delete(recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            }
        }
    }

    private sealed record State(string Directory, string RepositoryRoot, string PackagePath, string PackageVersion, string SdkVersion,
        IReadOnlyDictionary<string, string> Environment);
}
