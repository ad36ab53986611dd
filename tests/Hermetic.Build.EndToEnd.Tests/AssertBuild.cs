using Hermetic.Build.EndToEnd.Tests.Infrastructure;

namespace Hermetic.Build.EndToEnd.Tests;

/// <summary>Assertions on codes and exit codes; on failure they show the whole build output.</summary>
public static class AssertBuild
{
    public static void Succeeds(BuildResult result)
    {
        Assert.True(result.ExitCode == 0, "Expected the build to succeed." + Environment.NewLine + result);
        Assert.True(result.Hermetic.Count == 0, "Expected no Hermetic.Build diagnostics." + Environment.NewLine + result);
    }

    public static Diagnostic FailsWith(BuildResult result, string code)
    {
        Assert.True(result.ExitCode != 0, $"Expected the build to fail with {code}." + Environment.NewLine + result);
        var error = result.Errors(code).FirstOrDefault();
        Assert.True(error is not null, $"Expected error {code}." + Environment.NewLine + result);
        return error!;
    }

    public static Diagnostic WarnsWith(BuildResult result, string code)
    {
        Assert.True(result.ExitCode == 0, $"Expected the build to succeed with warning {code}." + Environment.NewLine + result);
        Assert.True(!result.Errors(code).Any(), $"Expected no error {code}." + Environment.NewLine + result);
        var warning = result.Warnings(code).FirstOrDefault();
        Assert.True(warning is not null, $"Expected warning {code}." + Environment.NewLine + result);
        return warning!;
    }

    /// <summary>
    /// A build (at -v:d) in which the gate in front of the every-build checks was up to date: none of
    /// their tasks ran, nor SOURCE_DATE_EPOCH's (the task assembly need not even be loaded for them).
    /// </summary>
    public static void SkippedTheChecks(BuildResult result)
    {
        Assert.True(result.ExitCode == 0, "Expected the build to succeed." + Environment.NewLine + result);
        Assert.True(result.Output.Contains("Skipping target \"_HermeticGate\" because all output files are up-to-date", StringComparison.Ordinal),
            "Expected the checks' gate to be up to date." + Environment.NewLine + result);
        foreach (var concern in new[] { "Toolchain", "Determinism", "Locks", "Sources" })
        {
            Assert.True(!result.Output.Contains($"Task \"Hermetic.Build.{concern}.", StringComparison.Ordinal),
                $"Expected no Hermetic.Build.{concern} task to run." + Environment.NewLine + result);
        }
    }

    public static void SucceedsSilently(BuildResult result, string code)
    {
        Assert.True(result.ExitCode == 0, "Expected the build to succeed." + Environment.NewLine + result);
        Assert.True(!result.Diagnostics.Any(d => d.Code == code), $"Expected no {code} at all." + Environment.NewLine + result);
    }

    public static void NamesFile(Diagnostic diagnostic, string expectedPath, int line = 0)
    {
        Assert.Equal(Path.GetFullPath(expectedPath), Path.GetFullPath(diagnostic.File));
        if (line > 0)
        {
            Assert.Equal(line, diagnostic.Line);
        }
    }
}
