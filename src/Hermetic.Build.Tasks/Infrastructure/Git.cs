using System.Diagnostics;
using System.Text;

namespace Hermetic.Build.Infrastructure;

/// <summary>
/// Runs the <c>git</c> command (no native git library: see ANCHORS, sourcelink's load failures).
/// Only repository-local state is read: the system and global configs are ignored, so a CI
/// machine's settings cannot change the answer.
/// </summary>
public static class Git
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>Runs git in <paramref name="workingDirectory"/>; null when git is missing or fails.</summary>
    public static string? TryRun(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo("git")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        start.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        start.Environment["GIT_CONFIG_GLOBAL"] = OperatingSystem.IsWindows() ? "NUL" : "/dev/null";
        start.Environment["GIT_TERMINAL_PROMPT"] = "0";
        start.Environment["LC_ALL"] = "C";
        // The checkout may belong to another user (CI containers); reading it is all we do.
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("safe.directory=*");
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(start);
            if (process is null)
            {
                return null;
            }

            process.StandardInput.Close();
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(Timeout))
            {
                process.Kill(entireProcessTree: true);
                return null;
            }

            _ = stderr.Result;
            return process.ExitCode == 0 ? stdout : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // git is not installed
        }
    }
}
