using System.Diagnostics;
using System.Text;

namespace Hermetic.Build.Infrastructure;

/// <summary>A git command's answer: exit code, standard output and standard error.</summary>
public sealed record GitResult(int ExitCode, string Output, string Error)
{
    public bool Succeeded => ExitCode == 0;
}

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
        var result = Run(workingDirectory, arguments);
        return result.Succeeded ? result.Output : null;
    }

    /// <summary>Runs git in <paramref name="workingDirectory"/>; exit code -1 when git is missing or timed out.</summary>
    public static GitResult Run(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo("git")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        start.Environment["GIT_CONFIG_GLOBAL"] = OperatingSystem.IsWindows() ? "NUL" : "/dev/null";
        start.Environment["GIT_TERMINAL_PROMPT"] = "0";
        start.Environment["LC_ALL"] = "C";
        // A repository named by the environment would take the place of the working directory's.
        foreach (var name in new[] { "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_ALTERNATE_OBJECT_DIRECTORIES" })
        {
            start.Environment.Remove(name);
        }

        // The checkout may belong to another user (CI containers); reading it is all we do.
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("safe.directory=*");
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("core.quotePath=false");
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(start);
            if (process is null)
            {
                return new GitResult(-1, string.Empty, "git could not be started");
            }

            process.StandardInput.Close();
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(Timeout))
            {
                process.Kill(entireProcessTree: true);
                return new GitResult(-1, stdout, "git did not answer within " + Timeout.TotalSeconds + " s");
            }

            return new GitResult(process.ExitCode, stdout, stderr.Result);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return new GitResult(-1, string.Empty, "git could not be started: " + e.Message); // git is not installed
        }
    }
}
