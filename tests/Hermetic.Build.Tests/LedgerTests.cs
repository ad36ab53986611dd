using System.Text.RegularExpressions;
using Hermetic.Build.Core;

namespace Hermetic.Build.Tests;

/// <summary>One ledger, one page per code: every code the product uses is documented.</summary>
public sealed partial class LedgerTests
{
    private static readonly string RepositoryRoot = FindRepositoryRoot();

    [Fact]
    public void Codes_are_unique_and_well_formed()
    {
        Assert.Equal(HermeticDiagnostics.All.Count, HermeticDiagnostics.All.Select(d => d.Code).Distinct().Count());
        Assert.All(HermeticDiagnostics.All, d => Assert.Matches("^HB[0-9]{4}$", d.Code));
    }

    [Fact]
    public void Every_code_in_the_ledger_has_its_page_and_is_listed_in_the_ledger_page()
    {
        var ledgerPage = File.ReadAllText(Path.Combine(RepositoryRoot, "docs", "diagnostics", "README.md"));
        foreach (var diagnostic in HermeticDiagnostics.All)
        {
            Assert.True(File.Exists(Path.Combine(RepositoryRoot, "docs", "diagnostics", diagnostic.HelpFileName)), $"{diagnostic.Code} has no page");
            Assert.Contains(diagnostic.Code, ledgerPage, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Every_code_written_in_src_or_sdk_is_in_the_ledger()
    {
        var used = new[] { "src", "sdk" }
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(RepositoryRoot, folder), "*", SearchOption.AllDirectories))
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                           && !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(path => Code().Matches(File.ReadAllText(path)).Select(m => m.Value))
            .ToHashSet(StringComparer.Ordinal);

        Assert.DoesNotContain(used, code => HermeticDiagnostics.Find(code) is null);
    }

    [Fact]
    public void Every_message_template_formats_with_its_arguments()
    {
        foreach (var diagnostic in HermeticDiagnostics.All)
        {
            var message = diagnostic.FormatMessage("<0>", "<1>", "<2>", "<3>");
            Assert.DoesNotMatch(@"\{[0-9]+\}", message);
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Hermetic.Build.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Hermetic.Build.sln not found");
    }

    [GeneratedRegex("HB[0-9]{4}")]
    private static partial Regex Code();
}
