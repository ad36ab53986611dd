using Hermetic.Build.Core;
using Hermetic.Build.Manifest;

namespace Hermetic.Build.Verify;

/// <summary>
/// Step 3 of the proof: the outputs of the two copies compared with each other (HB3002) and those
/// of copy A with a baseline's manifests (HB5001). Failed builds are compared as far as they got:
/// a check that fails the build (such as HB3003) leaves the compiled outputs in place, and whether
/// they also differ is worth saying; a build that never got to write outputs recorded none.
/// </summary>
public sealed class OutputComparison(WorkingTree tree, string repositoryRoot, string entryPoint, Action<string> progress,
    Action<HermeticDiagnostic, SourceLocation, object?[]> report)
{
    public void Compare(IReadOnlyList<CopyBuild> builds, IReadOnlyList<BaselineManifest> baseline, VerifyReport verifyReport)
    {
        var (a, b) = (builds[0].Copy.Layout, builds[1].Copy.Layout);
        var outputsA = BuiltOutput.ReadAll(a.Outputs, a.Repository);
        var outputsB = BuiltOutput.ReadAll(b.Outputs, b.Repository);
        var failed = builds.Any(r => !r.Succeeded);
        if (outputsA.Count == 0 && outputsB.Count == 0)
        {
            if (!failed)
            {
                throw new HermeticInputException(new SourceLocation(Path.Combine(tree.TopLevel, entryPoint)),
                    "the verification builds recorded no outputs: no project they built uses Hermetic.Build (or every one sets HermeticMode=Off)");
            }

            verifyReport.Checks.Add(new VerifyCheck("compare", VerifyCheck.NotRun, "the verification builds failed before writing outputs"));
            if (baseline.Count > 0)
            {
                verifyReport.Checks.Add(new VerifyCheck("baseline", VerifyCheck.NotRun, "the verification builds failed before writing outputs"));
            }

            return;
        }

        var projectCount = outputsA.Concat(outputsB).Select(o => o.Project).Distinct(StringComparer.Ordinal).Count();
        progress($"comparing the outputs of {projectCount} project(s) of copies A and B");
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var comparison = BuildComparer.Compare(a.Repository, outputsA, b.Repository, outputsB, Exclusions([.. outputsA, .. outputsB]));
        progress($"compared {comparison.Files.Count} file(s) in "
                 + watch.Elapsed.TotalSeconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + " s");
        verifyReport.Excluded.AddRange(comparison.Excluded);
        verifyReport.Projects = comparison.Projects;
        verifyReport.Files = comparison.Files;
        verifyReport.Differences.AddRange(comparison.Differences);
        foreach (var difference in comparison.Differences)
        {
            report(HermeticDiagnostics.VerifyBuildsDiffer, new SourceLocation(Path.Combine(tree.TopLevel, difference.File)), [difference.File, difference.Where]);
        }

        verifyReport.Checks.Add(new VerifyCheck("compare", comparison.Differences.Count == 0 ? VerifyCheck.Passed : VerifyCheck.Failed,
            $"{comparison.Files.Count} files of {comparison.Projects.Count} project(s): {comparison.Files.Count(f => f.Identical)} identical, "
            + $"{comparison.Differences.Count} differ"
            + (comparison.Excluded.Count > 0 ? $"; {comparison.Excluded.Count} excluded, each with its reason" : string.Empty) + (failed ? " (of what the failed builds wrote)" : string.Empty)));

        if (baseline.Count > 0)
        {
            CompareBaseline(baseline, a, outputsA, verifyReport);
        }
    }

    /// <summary>
    /// Why a compared file (relative to the work tree) is left out: the repository's HermeticVerifyExclude globs (relative to
    /// HermeticRoot), or the built-in list directly in a test project's output folder that no other project shares.
    /// </summary>
    private Func<string, string?> Exclusions(IReadOnlyList<BuiltOutput> outputs)
    {
        var declared = OutputExclusions.From(outputs.SelectMany(o => o.Exclusions).Distinct(), Path.Combine(tree.TopLevel, entryPoint));
        var testFolders = outputs.Where(o => o.IsTestProject).Select(o => o.OutputDirectory).ToHashSet(StringComparer.Ordinal);
        testFolders.ExceptWith(outputs.Where(o => !o.IsTestProject).Select(o => o.OutputDirectory));
        var rootPrefix = BuiltOutput.Relative(tree.TopLevel, repositoryRoot).TrimEnd('/');
        rootPrefix = rootPrefix is "." or "" ? string.Empty : rootPrefix + "/";
        return path =>
        {
            var slash = path.LastIndexOf('/');
            var relativeToRoot = path.StartsWith(rootPrefix, StringComparison.Ordinal) ? path[rootPrefix.Length..] : null;
            return declared.ReasonFor(relativeToRoot, path[(slash + 1)..], testFolders.Contains(path[..(slash + 1)]));
        };
    }

    private void CompareBaseline(IReadOnlyList<BaselineManifest> baseline, CopyLayout a, IReadOnlyList<BuiltOutput> outputsA, VerifyReport verifyReport)
    {
        progress($"comparing {baseline.Sum(m => m.Outputs.Count)} output(s) of {baseline.Count} baseline manifest(s) with copy A");
        var differences = BaselineManifest.Compare(baseline, a.Repository, outputsA, tree.TopLevel);
        verifyReport.Differences.AddRange(differences);
        foreach (var difference in differences)
        {
            report(HermeticDiagnostics.VerifyBaselineDiffers, new SourceLocation(Path.Combine(tree.TopLevel, difference.File)),
                [difference.File, difference.Against, difference.Where]);
        }

        verifyReport.Checks.Add(new VerifyCheck("baseline", differences.Count == 0 ? VerifyCheck.Passed : VerifyCheck.Failed,
            $"{baseline.Sum(m => m.Outputs.Count)} output(s) of {baseline.Count} manifest(s): {differences.Count} differ"));
    }
}
