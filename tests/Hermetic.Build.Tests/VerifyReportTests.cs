using System.Text.Json;
using Hermetic.Build.Tests.TestSupport;
using Hermetic.Build.Verify;

namespace Hermetic.Build.Tests;

/// <summary>verify.json (stable, sorted, machine-readable) and verify.md.</summary>
public sealed class VerifyReportTests
{
    private static VerifyReport Failing()
    {
        var report = new VerifyReport { EntryPoint = "shop.sln", Configuration = "Release", Commit = "0123456789abcdef0123456789abcdef01234567", Dirty = false };
        report.Checks.Add(new VerifyCheck("working tree", VerifyCheck.Passed, "clean"));
        report.Checks.Add(new VerifyCheck("compare", VerifyCheck.Failed, "2 files | 1 differs"));
        report.Copies.Add(new VerifyCopy(BuildVariation.A, 12, 0, NetworkBlocked: true));
        report.Copies.Add(new VerifyCopy(BuildVariation.B, 12, 0, NetworkBlocked: true));
        report.Projects = [new ProjectOutputs("app/app.csproj", ["net10.0"]), new ProjectOutputs("lib/lib.csproj", ["net10.0"])];
        report.Files = [new ComparedFile("app/bin/app.dll", "aa", "bb", 10, 10), new ComparedFile("lib/bin/lib.dll", "cc", "cc", 5, 5)];
        report.Differences.Add(new FileDifference("HB5001", "app/bin/app.dll", "sha256 differs", "baseline/app.hermetic.json"));
        report.Differences.Add(new FileDifference("HB3002", "app/bin/app.dll", "user string (#US) \"a\" vs \"b\""));
        return report;
    }

    [Fact]
    public void The_json_report_names_result_checks_projects_files_and_differences_sorted()
    {
        var json = JsonDocument.Parse(Failing().ToJson()).RootElement;

        Assert.Equal("hermetic-build/verify/v1", json.GetProperty("schema").GetString());
        Assert.Equal("failed", json.GetProperty("result").GetString());
        Assert.Equal("shop.sln", json.GetProperty("entryPoint").GetString());
        Assert.Equal(["working tree", "compare"], json.GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
        Assert.Equal(["app/app.csproj", "lib/lib.csproj"], json.GetProperty("projects").EnumerateArray().Select(p => p.GetProperty("path").GetString()));
        Assert.Equal([false, true], json.GetProperty("filesCompared").EnumerateArray().Select(f => f.GetProperty("identical").GetBoolean()));
        Assert.Equal(["HB3002", "HB5001"], json.GetProperty("differences").EnumerateArray().Select(d => d.GetProperty("code").GetString()));
        Assert.Equal("UTC", json.GetProperty("builds")[0].GetProperty("variation").GetProperty("timeZone").GetString());
        Assert.Equal("077", json.GetProperty("builds")[1].GetProperty("variation").GetProperty("umask").GetString());
    }

    [Fact]
    public void The_json_report_is_stable_and_holds_no_absolute_path()
    {
        var first = Failing().ToJson();

        Assert.Equal(first, Failing().ToJson());
        Assert.DoesNotContain(Path.GetTempPath(), System.Text.Encoding.UTF8.GetString(first), StringComparison.Ordinal);
    }

    [Fact]
    public void A_report_passes_only_when_every_check_passed_and_nothing_differs()
    {
        var report = new VerifyReport { EntryPoint = "app/app.csproj", Configuration = "Debug" };
        report.Checks.Add(new VerifyCheck("working tree", VerifyCheck.Warning, "uncommitted"));
        Assert.True(report.Passed);
        report.BuildDiagnostics.Add(new ChildDiagnostic(false, "CS0168", "app/Program.cs", 1, 1, "unused"));
        Assert.True(report.Passed);
        report.BuildDiagnostics.Add(new ChildDiagnostic(true, "NU1101", "app/app.csproj", 0, 0, "Unable to find package"));
        Assert.False(report.Passed);
        Assert.False(Failing().Passed);
    }

    [Fact]
    public void The_markdown_summary_says_the_result_and_lists_differences_with_escaped_cells()
    {
        var markdown = Failing().ToMarkdown();

        Assert.StartsWith("## VerifyHermetic: failed", markdown, StringComparison.Ordinal);
        Assert.Contains("commit `0123456789ab`", markdown, StringComparison.Ordinal);
        Assert.Contains("| compare | failed | 2 files \\| 1 differs |", markdown, StringComparison.Ordinal);
        Assert.Contains("**Projects (2):** `app/app.csproj` (net10.0), `lib/lib.csproj` (net10.0)", markdown, StringComparison.Ordinal);
        Assert.Contains("| HB3002 | `app/bin/app.dll` | user string (#US) \"a\" vs \"b\" |", markdown, StringComparison.Ordinal);
        Assert.Contains("(baseline `baseline/app.hermetic.json`)", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_puts_both_reports_into_the_folder()
    {
        using var temp = new TempDirectory();

        var (json, markdown) = Failing().Write(temp.Combine("artifacts", "hermetic"));

        Assert.Equal(temp.Combine("artifacts", "hermetic", "verify.json"), json);
        Assert.True(File.Exists(json));
        Assert.StartsWith("## VerifyHermetic", File.ReadAllText(markdown), StringComparison.Ordinal);
    }
}
