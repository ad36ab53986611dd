using Hermetic.Build.Tests.TestSupport;
using Hermetic.Build.Verify;

namespace Hermetic.Build.Tests;

/// <summary>The comparison of the two verification builds' outputs, from their records to HB3002 differences.</summary>
public sealed class CompareBuildOutputsTests
{
    private static void Record(TempDirectory temp, string copy, string project, string targetFramework, string outDir, string? manifest = null)
    {
        var root = temp.Combine(copy, "repo");
        temp.Write($"{copy}/outputs/{project.Replace('/', '_')}-{targetFramework}.outputs",
            $"project={Path.Combine(root, project)}\ntargetFramework={targetFramework}\noutDir={Path.Combine(root, outDir)}/\nmanifest={(manifest is null ? string.Empty : Path.Combine(root, manifest))}\n");
    }

    private static (string RootA, IReadOnlyList<BuiltOutput> A, string RootB, IReadOnlyList<BuiltOutput> B) Read(TempDirectory temp) =>
        (temp.Combine("a", "repo"), BuiltOutput.ReadAll(temp.Combine("a", "outputs"), temp.Combine("a", "repo")),
         temp.Combine("b", "repo"), BuiltOutput.ReadAll(temp.Combine("b", "outputs"), temp.Combine("b", "repo")));

    [Fact]
    public void Identical_outputs_give_no_difference_and_every_file_is_listed()
    {
        using var temp = new TempDirectory();
        foreach (var copy in new[] { "a", "b" })
        {
            Record(temp, copy, "app/app.csproj", "net10.0", "app/bin/Debug/net10.0");
            temp.Write($"{copy}/repo/app/bin/Debug/net10.0/app.dll", "same");
            temp.Write($"{copy}/repo/app/bin/Debug/net10.0/de/app.resources.dll", "same too");
        }

        var (rootA, a, rootB, b) = Read(temp);
        var comparison = BuildComparer.Compare(rootA, a, rootB, b);

        Assert.Empty(comparison.Differences);
        Assert.Equal(["app/bin/Debug/net10.0/app.dll", "app/bin/Debug/net10.0/de/app.resources.dll"], comparison.Files.Select(f => f.Path));
        Assert.All(comparison.Files, f => Assert.True(f.Identical));
        var project = Assert.Single(comparison.Projects);
        Assert.Equal("app/app.csproj", project.Project);
        Assert.Equal(["net10.0"], project.TargetFrameworks);
    }

    [Fact]
    public void A_differing_file_and_a_file_only_one_build_wrote_are_differences()
    {
        using var temp = new TempDirectory();
        foreach (var copy in new[] { "a", "b" })
        {
            Record(temp, copy, "app/app.csproj", "net10.0", "app/bin/Debug/net10.0", manifest: "out/app.hermetic.json");
            temp.Write($"{copy}/repo/app/bin/Debug/net10.0/app.runtimeconfig.json", copy == "a" ? "{ \"tz\": \"UTC\" }" : "{ \"tz\": \"Kiritimati\" }");
            temp.Write($"{copy}/repo/out/app.hermetic.json", "{}");
        }

        temp.Write("b/repo/app/bin/Debug/net10.0/extra.txt", "only in B");

        var (rootA, a, rootB, b) = Read(temp);
        var comparison = BuildComparer.Compare(rootA, a, rootB, b);

        Assert.Equal(["app/bin/Debug/net10.0/app.runtimeconfig.json", "app/bin/Debug/net10.0/extra.txt"], comparison.Differences.Select(d => d.File));
        Assert.All(comparison.Differences, d => Assert.Equal("HB3002", d.Code));
        Assert.StartsWith("sizes 15 and 22 bytes, first difference at byte 9 (line 1, column 10)", comparison.Differences[0].Where, StringComparison.Ordinal);
        Assert.Equal("only the build of copy B wrote it", comparison.Differences[1].Where);
        Assert.Contains(comparison.Files, f => f.Path == "out/app.hermetic.json" && f.Identical);
    }

    [Fact]
    public void A_project_only_one_build_built_is_a_difference()
    {
        using var temp = new TempDirectory();
        Record(temp, "a", "app/app.csproj", "net10.0", "app/bin/Debug/net10.0");
        Record(temp, "b", "app/app.csproj", "net10.0", "app/bin/Debug/net10.0");
        Record(temp, "a", "lib/lib.csproj", "net10.0", "lib/bin/Debug/net10.0");

        var (rootA, a, rootB, b) = Read(temp);
        var comparison = BuildComparer.Compare(rootA, a, rootB, b);

        var difference = Assert.Single(comparison.Differences);
        Assert.Equal("lib/lib.csproj", difference.File);
        Assert.Equal("only the build of copy A built it for net10.0", difference.Where);
        Assert.Equal(["app/app.csproj", "lib/lib.csproj"], comparison.Projects.Select(p => p.Project));
    }

    [Fact]
    public void A_record_without_its_project_is_bad_input()
    {
        using var temp = new TempDirectory();
        var record = temp.Write("a/outputs/x.outputs", "targetFramework=net10.0\n");

        var error = Assert.Throws<Hermetic.Build.Core.HermeticInputException>(() => BuiltOutput.ReadAll(temp.Combine("a", "outputs"), temp.Combine("a", "repo")));

        Assert.Equal(record, error.Location.File);
    }
}
