using System.IO.Compression;
using System.Text.Json;
using Hermetic.Build.EndToEnd.Tests.Infrastructure;
using Hermetic.Build.TestSupport;

namespace Hermetic.Build.EndToEnd.Tests;

/// <summary>README, "Switching it on": what the Hermetic.Build package holds, and what it must not ship.</summary>
public sealed class PackageTests
{
    [Fact]
    public void The_package_is_an_MSBuild_SDK_with_its_tasks_and_docs()
    {
        using var package = ZipFile.OpenRead(TestRun.PackagePath);
        var entries = package.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);

        Assert.Contains("Sdk/Sdk.props", entries);
        Assert.Contains("Sdk/Sdk.targets", entries);
        Assert.Contains("tasks/net10.0/Hermetic.Build.Tasks.dll", entries);
        Assert.Contains("tasks/net10.0/Hermetic.Build.Tasks.deps.json", entries);
        foreach (var page in Directory.GetFiles(Path.Combine(TestRun.RepositoryRoot, "docs", "diagnostics"), "HB*.md"))
        {
            Assert.Contains("docs/diagnostics/" + Path.GetFileName(page), entries);
        }

        using var nuspec = new StreamReader(package.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
        var manifest = nuspec.ReadToEnd();
        Assert.Contains("<packageType name=\"MSBuildSdk\" />", manifest, StringComparison.Ordinal);
        Assert.DoesNotContain("<dependency ", manifest, StringComparison.Ordinal);
    }

    [Fact]
    public void The_package_ships_no_MSBuild_or_NuGet_assembly()
    {
        using var package = ZipFile.OpenRead(TestRun.PackagePath);

        var shipped = package.Entries.Select(e => Path.GetFileName(e.FullName)).Where(n => n.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)).ToList();
        // Managed assemblies: the tasks and LibGit2Sharp; libgit2 itself ships per runtime identifier.
        var managed = package.Entries.Where(e => e.FullName.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) && !e.FullName.Contains("/runtimes/", StringComparison.Ordinal))
            .Select(e => e.FullName).Order(StringComparer.Ordinal).ToList();

        Assert.DoesNotContain(shipped, n => n.StartsWith("Microsoft.Build", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(shipped, n => n.StartsWith("NuGet.", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(["tasks/net10.0/Hermetic.Build.Tasks.dll", "tasks/net10.0/LibGit2Sharp.dll"], managed);
        Assert.Contains(package.Entries, e => e.FullName.StartsWith("tasks/net10.0/runtimes/linux-x64/native/", StringComparison.Ordinal));
    }

    [Fact]
    public void The_sample_repository_pins_the_packed_version_and_the_SDK_of_the_product()
    {
        var samples = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestRun.RepositoryRoot, "samples", "global.json"))).RootElement;
        var product = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestRun.RepositoryRoot, "global.json"))).RootElement;

        Assert.Equal(TestRun.PackageVersion, samples.GetProperty("msbuild-sdks").GetProperty("Hermetic.Build").GetString());
        Assert.Equal(product.GetProperty("sdk").GetProperty("version").GetString(), samples.GetProperty("sdk").GetProperty("version").GetString());
    }

    /// <summary>CI caches commonly set NUGET_PACKAGES without a trailing slash: the product's packages still pack
    /// (every path built from a folder property is joined). A copy of the repository's files, restored from
    /// the packages folder the tests were restored into (no package source: an empty folder), packed.</summary>
    [Fact]
    public void The_packages_pack_with_NUGET_PACKAGES_without_a_trailing_slash()
    {
        var copy = TestRun.NewDirectory("pack-no-slash");
        var files = ProcessRunner.Run("git", ["ls-files", "--cached", "--others", "--exclude-standard"], TestRun.RepositoryRoot, TestRun.Environment);
        Assert.True(files.ExitCode == 0, files.ToString());
        foreach (var file in files.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var source = Path.Combine(TestRun.RepositoryRoot, file);
            if (File.Exists(source) && !file.StartsWith("samples/", StringComparison.Ordinal))
            {
                var target = Path.Combine(copy, file);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(source, target);
            }
        }

        var packages = Path.TrimEndingDirectorySeparator(RestoredPackages.Folder);
        Assert.False(packages.EndsWith('/') || packages.EndsWith('\\'));
        var environment = new Dictionary<string, string>(TestRun.Environment) { ["NUGET_PACKAGES"] = packages };
        var noSources = Directory.CreateDirectory(Path.Combine(copy, "no-sources")).FullName;
        var output = Path.Combine(copy, "out");

        // The packable projects of the solution (the tool packs the SDK package too), not the test projects: the same
        // paths, without compiling every test.
        var pack = ProcessRunner.Run("dotnet", ["pack", Path.Combine(copy, "src", "Hermetic.Build.Tool", "Hermetic.Build.Tool.csproj"), "-c", "Release", "-o", output, "-nodeReuse:false",
            "-p:RestoreSources=" + noSources, "-p:EnableSourceControlManagerQueries=false", "-v:m"], copy, environment,
            TimeSpan.FromMinutes(15));

        Assert.True(pack.ExitCode == 0, pack.ToString());
        Assert.True(File.Exists(Path.Combine(output, $"Hermetic.Build.Tool.{TestRun.PackageVersion}.nupkg")), pack.ToString());
        Assert.True(Directory.GetFiles(copy, $"Hermetic.Build.{TestRun.PackageVersion}.nupkg", SearchOption.AllDirectories).Length > 0, pack.ToString());
    }
}
