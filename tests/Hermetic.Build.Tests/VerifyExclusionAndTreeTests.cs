using Hermetic.Build.Core;
using Hermetic.Build.Manifest;
using Hermetic.Build.Verify;

namespace Hermetic.Build.Tests;

/// <summary>The exclusions (built-in list, HermeticVerifyExclude globs), HB3004's snapshot of the tracked files, and the report's lists.</summary>
public sealed class VerifyExclusionAndTreeTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "hb-tree-" + Guid.NewGuid().ToString("N"));

    public VerifyExclusionAndTreeTests() => Directory.CreateDirectory(_root);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Theory]
    [InlineData("tests/**/TestResults/*.trx", "tests/a/b/TestResults/x.trx", true)]
    [InlineData("tests/**/TestResults/*.trx", "tests/TestResults/x.trx", true)]
    [InlineData("tests/**/TestResults/*.trx", "tests/a/TestResults/sub/x.trx", false)]
    [InlineData("app/bin/*/nonce.txt", "app/bin/Debug/nonce.txt", true)]
    [InlineData("app/bin/*/nonce.txt", "app/bin/Debug/net10.0/nonce.txt", false)]
    [InlineData("app/bin/**", "app/bin/Debug/net10.0/nonce.txt", true)]
    [InlineData("a?c.txt", "abc.txt", true)]
    [InlineData("a?c.txt", "a/c.txt", false)]
    public void A_glob_matches_paths_relative_to_the_root(string glob, string path, bool matches)
    {
        var exclusions = OutputExclusions.From([(glob, "why")], "Directory.Build.props");

        Assert.Equal(matches, exclusions.ReasonFor(path, Path.GetFileName(path), inTestProjectOutput: false) is not null);
    }

    [Fact]
    public void An_exclusion_without_a_reason_or_outside_the_root_is_bad_input_naming_it()
    {
        var missing = Assert.Throws<HermeticInputException>(() => OutputExclusions.From([("app/x.txt", " ")], "Directory.Build.props"));
        Assert.Contains("'app/x.txt' has no Reason", missing.Message, StringComparison.Ordinal);
        Assert.Equal("Directory.Build.props", missing.Location.File);
        Assert.Throws<HermeticInputException>(() => OutputExclusions.From([("../other/x.txt", "why")], "Directory.Build.props"));
    }

    [Fact]
    public void The_built_in_list_applies_only_directly_in_a_test_projects_output()
    {
        var none = OutputExclusions.None;

        Assert.Contains("Microsoft.CodeCoverage", none.ReasonFor("t/bin/Debug/net10.0/.msCoverageSourceRootsMapping_t", ".msCoverageSourceRootsMapping_t", true),
            StringComparison.Ordinal);
        Assert.Contains("coverlet", none.ReasonFor("t/bin/Debug/net10.0/CoverletSourceRootsMapping_t", "CoverletSourceRootsMapping_t", true),
            StringComparison.Ordinal);
        Assert.Null(none.ReasonFor("app/bin/Debug/net10.0/CoverletSourceRootsMapping_app", "CoverletSourceRootsMapping_app", false));
        Assert.Null(none.ReasonFor("t/bin/Debug/net10.0/t.dll", "t.dll", true));
    }

    [Fact]
    public void The_comparison_lists_an_excluded_file_with_its_reason_instead_of_comparing_it()
    {
        foreach (var copy in new[] { "a", "b" })
        {
            var folder = Directory.CreateDirectory(Path.Combine(_root, copy, "t", "bin")).FullName;
            File.WriteAllText(Path.Combine(folder, "t.dll"), "same");
            File.WriteAllText(Path.Combine(folder, "CoverletSourceRootsMapping_t"), "/checkout/" + copy);
        }

        var outputs = new[] { new BuiltOutput("t/t.csproj", "net10.0", "t/bin/", null) { IsTestProject = true } };
        var comparison = BuildComparer.Compare(Path.Combine(_root, "a"), outputs, Path.Combine(_root, "b"), outputs,
            path => OutputExclusions.None.ReasonFor(path, Path.GetFileName(path), path.StartsWith("t/bin/", StringComparison.Ordinal)));

        Assert.Empty(comparison.Differences);
        Assert.Equal(["t/bin/t.dll"], comparison.Files.Select(f => f.Path));
        var excluded = Assert.Single(comparison.Excluded);
        Assert.Equal("t/bin/CoverletSourceRootsMapping_t", excluded.Path);
    }

    [Fact]
    public void A_snapshot_names_changed_deleted_and_added_files_but_not_build_folders_or_ignored_ones()
    {
        File.WriteAllText(Path.Combine(_root, "kept.txt"), "same\n");
        File.WriteAllText(Path.Combine(_root, "Version.cs"), "// header\nconst string V = \"1\";\n");
        File.WriteAllText(Path.Combine(_root, "gone.txt"), "x\n");
        var snapshot = TrackedFileSnapshot.Record(_root, ["kept.txt", "Version.cs", "gone.txt"]);
        var committed = new Dictionary<string, byte[]> { ["Version.cs"] = File.ReadAllBytes(Path.Combine(_root, "Version.cs")) };

        File.WriteAllText(Path.Combine(_root, "Version.cs"), "// header\nconst string V = \"2\";\n");
        File.Delete(Path.Combine(_root, "gone.txt"));
        File.WriteAllText(Path.Combine(_root, "new.txt"), "n\n");
        File.WriteAllText(Path.Combine(_root, "build.log"), "ignored\n");
        Directory.CreateDirectory(Path.Combine(_root, "src", "obj"));
        File.WriteAllText(Path.Combine(_root, "src", "obj", "project.assets.json"), "{}");

        var changes = snapshot.Changes(path => committed.GetValueOrDefault(path), path => path == "build.log");

        Assert.Equal([("Version.cs", "changed", 2), ("gone.txt", "deleted", 0), ("new.txt", "added", 0)], changes.Select(c => (c.Path, c.Kind, c.Line)));
        Assert.Contains("\"const string V = \"1\";\" as committed", changes[0].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void The_report_lists_excluded_files_with_reasons_and_a_failed_builds_first_errors()
    {
        var report = new VerifyReport { EntryPoint = "shop.sln", Configuration = "Debug" };
        report.Checks.Add(new VerifyCheck("generators", VerifyCheck.NoneDeclared, "no project declares a HermeticGenerate generator"));
        report.Copies.Add(new VerifyCopy(BuildVariation.A, 3, 1, NetworkBlocked: true, ["app/app.csproj : error NU1101: Unable to find package X."]));
        report.Excluded.Add(new ExcludedFile("t/bin/CoverletSourceRootsMapping_t", "built-in: coverlet.collector"));

        var markdown = report.ToMarkdown();
        var json = System.Text.Json.JsonDocument.Parse(report.ToJson()).RootElement;

        Assert.Contains("| generators | none declared |", markdown, StringComparison.Ordinal);
        Assert.Contains("| `t/bin/CoverletSourceRootsMapping_t` | built-in: coverlet.collector |", markdown, StringComparison.Ordinal);
        Assert.Contains("### Build A failed (exit code 1)", markdown, StringComparison.Ordinal);
        Assert.Contains("error NU1101", markdown, StringComparison.Ordinal);
        Assert.Equal("built-in: coverlet.collector", json.GetProperty("excluded")[0].GetProperty("reason").GetString());
    }
}
