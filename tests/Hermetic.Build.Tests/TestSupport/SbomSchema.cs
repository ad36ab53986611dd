using System.Diagnostics;

namespace Hermetic.Build.Tests.TestSupport;

/// <summary>
/// Validates CycloneDX 1.7 JSON against the official schema with the strict validator of the
/// CycloneDX JavaScript library (tests/sbom-validator, installed by <c>npm ci</c> there; .ci/run
/// does it). Offline: node runs the installed validator, nothing is fetched. A missing validator
/// fails the test, saying how to install it. Shared by both test projects (linked into the
/// end-to-end tests).
/// </summary>
public static class SbomSchema
{
    public const string InstallHint =
        "install it with: (cd tests/sbom-validator && npm ci)  — needs node and npm (apt-get install nodejs npm); .ci/run does this";

    /// <summary>Asserts that every file is a valid CycloneDX 1.7 document; the validator's errors otherwise.</summary>
    public static void AssertValid(params string[] files)
    {
        var folder = ValidatorFolder();
        var script = Path.Combine(folder, "validate.js");
        Assert.True(Directory.Exists(Path.Combine(folder, "node_modules", "@cyclonedx", "cyclonedx-library")),
            $"The CycloneDX schema validator is not installed in {folder}: {InstallHint}");
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(script);
        foreach (var file in files)
        {
            start.ArgumentList.Add(file);
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Assert.Fail($"node is not on PATH ({e.Message}): {InstallHint}");
            return;
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            Assert.True(process.WaitForExit(TimeSpan.FromMinutes(2)), "the CycloneDX validator did not finish in 2 minutes");
            Assert.True(process.ExitCode != 2, $"The CycloneDX schema validator cannot run: {error.Result}{output.Result} — {InstallHint}");
            Assert.True(process.ExitCode == 0, $"not valid CycloneDX 1.7 (exit code {process.ExitCode}):\n{output.Result}\n{error.Result}");
        }
    }

    private static string ValidatorFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "sbom-validator");
            if (File.Exists(Path.Combine(candidate, "validate.js")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("tests/sbom-validator/validate.js not found above " + AppContext.BaseDirectory);
    }
}
