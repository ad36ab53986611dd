using Hermetic.Build.Core;

namespace Hermetic.Build.Codegen;

/// <summary>The outcome of running one generator twice: the findings (HB4002 when the runs
/// differ, HB4001 when a run differs from the committed output), or the failed run.</summary>
public sealed record GeneratorVerificationResult(IReadOnlyList<GeneratorFinding> Findings, GeneratorRunResult? FailedRun)
{
    public bool Passed => Findings.Count == 0 && FailedRun is null;
}

/// <summary>
/// The reusable "run a generator twice and compare" piece (VerifyHermetic and the
/// <c>HermeticVerifyGenerate</c> target use it): two runs into two fresh folders of different
/// paths, each with its own temporary folder; HB4002 names the first file (and line) where the
/// runs differ; HB4001 names the first file where a run differs from the committed output
/// folder. Nothing in the repository is written.
/// </summary>
public static class GeneratorVerification
{
    /// <param name="generator">The generator, as <see cref="GeneratorDefinition.FromItems"/> reads it.</param>
    /// <param name="workDirectory">A folder for the runs (created, and removed afterwards).</param>
    /// <param name="regenerateCommand">The command named in HB4001 (dotnet msbuild P -t:HermeticGenerate).</param>
    /// <param name="stampDisplay">The stamp named in HB4001.</param>
    public static GeneratorVerificationResult Verify(GeneratorDefinition generator, string workDirectory, string? sourceDateEpoch,
        TimeSpan timeout, CancellationToken cancellation, string regenerateCommand, string stampDisplay, Action<string>? onOutputLine = null)
    {
        var work = Path.GetFullPath(workDirectory);
        // Different path lengths and names: a generator that writes its output path is caught.
        var first = Path.Combine(work, "first", generator.Name);
        var second = Path.Combine(work, "second-run", "out", generator.Name);
        try
        {
            var findings = new List<GeneratorFinding>();
            foreach (var (output, temp) in new[] { (first, Path.Combine(work, "first-tmp")), (second, Path.Combine(work, "second-run", "tmp")) })
            {
                Directory.CreateDirectory(temp);
                var environment = new Dictionary<string, string> { ["TMPDIR"] = temp, ["TEMP"] = temp, ["TMP"] = temp };
                var result = GeneratorRunner.Run(generator, output, sourceDateEpoch, timeout, cancellation, onOutputLine, environment);
                if (!result.Succeeded)
                {
                    return new GeneratorVerificationResult(findings, result);
                }
            }

            var folder = RepositoryPaths.Relative(generator.ProjectDirectory, generator.OutputDirectory);
            var between = FolderComparison.FirstDifference(first, second);
            if (between is not null)
            {
                findings.Add(new GeneratorFinding(HermeticDiagnostics.GeneratorNotDeterministic, LocationOf(between, generator),
                    generator.Name, between.Describe("the first run", "the second run", folder)));
                return new GeneratorVerificationResult(findings, null);
            }

            var committed = FolderComparison.FirstDifference(generator.OutputDirectory, first);
            if (committed is not null)
            {
                findings.Add(new GeneratorFinding(HermeticDiagnostics.GeneratedOutputStale, LocationOf(committed, generator),
                    $"Generator '{generator.Name}', run now, writes output that differs from the committed folder '{folder}': {committed.Describe("the committed folder", "a fresh run", folder)}.",
                    regenerateCommand, stampDisplay));
            }

            return new GeneratorVerificationResult(findings, null);
        }
        finally
        {
            if (Directory.Exists(work))
            {
                Directory.Delete(work, recursive: true);
            }
        }
    }

    /// <summary>The committed file and line the difference is in, or the item when that file is not committed.</summary>
    private static SourceLocation LocationOf(FolderDifference difference, GeneratorDefinition generator)
    {
        var file = Path.Combine(generator.OutputDirectory, difference.RelativePath.Replace('/', Path.DirectorySeparatorChar));
        return File.Exists(file) ? new SourceLocation(file, Math.Max(difference.Line, 1), 1) : generator.Location;
    }
}
