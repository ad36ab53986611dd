using System.IO.Compression;
using System.Text.Json;
using Hermetic.Build.EndToEnd.Tests.Infrastructure;

namespace Hermetic.Build.EndToEnd.Tests;

/// <summary>CONTRACT §1: what the Hermetic.Build package holds, and what it must not ship.</summary>
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

        Assert.DoesNotContain(shipped, n => n.StartsWith("Microsoft.Build", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(shipped, n => n.StartsWith("NuGet.", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(["Hermetic.Build.Tasks.dll"], shipped);
    }

    [Fact]
    public void The_sample_repository_pins_the_packed_version_and_the_SDK_of_the_product()
    {
        var samples = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestRun.RepositoryRoot, "samples", "global.json"))).RootElement;
        var product = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestRun.RepositoryRoot, "global.json"))).RootElement;

        Assert.Equal(TestRun.PackageVersion, samples.GetProperty("msbuild-sdks").GetProperty("Hermetic.Build").GetString());
        Assert.Equal(product.GetProperty("sdk").GetProperty("version").GetString(), samples.GetProperty("sdk").GetProperty("version").GetString());
    }
}
