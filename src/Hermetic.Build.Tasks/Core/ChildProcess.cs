using System.Diagnostics;
using System.Text;

namespace Hermetic.Build.Core;

/// <summary>The outcome of a child process: exit code and its output (stdout and stderr interleaved).</summary>
public sealed record ChildProcessResult(int ExitCode, string Output, bool TimedOut)
{
    public bool Succeeded => ExitCode == 0 && !TimedOut;
}

/// <summary>
/// Runs a child process (a verification build, a generator): output and errors captured line by
/// line, no input, a time limit; cancellation and the time limit kill the whole process tree.
/// </summary>
public static class ChildProcess
{
    /// <summary>Runs a program with exactly the environment given, in the order given (nothing
    /// inherited), so that a verification build sees only what VerifyHermetic chose.</summary>
    public static ChildProcessResult Run(string fileName, IEnumerable<string> arguments, string workingDirectory,
        IEnumerable<KeyValuePair<string, string>> environment, TimeSpan timeout, CancellationToken cancellation,
        Action<string>? onLine = null)
    {
        var start = new ProcessStartInfo(fileName) { WorkingDirectory = workingDirectory };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Cleared, then filled in order: the child's environment block follows insertion order.
        start.Environment.Clear();
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        return Run(start, timeout, cancellation, onLine);
    }

    /// <summary>Runs a prepared start (program, arguments, folder, environment).</summary>
    public static ChildProcessResult Run(ProcessStartInfo start, TimeSpan timeout, CancellationToken cancellation, Action<string>? onLine = null)
    {
        start.UseShellExecute = false;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.RedirectStandardInput = true;
        start.StandardOutputEncoding = Encoding.UTF8;
        start.StandardErrorEncoding = Encoding.UTF8;

        var output = new StringBuilder();
        void Append(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (output)
            {
                output.AppendLine(line);
            }

            onLine?.Invoke(line);
        }

        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var timedOut = false;
        using (cancellation.Register(() => Kill(process)))
        {
            if (!process.WaitForExit(timeout))
            {
                timedOut = true;
                Kill(process);
            }

            process.WaitForExit(); // drains the redirected output
        }

        lock (output)
        {
            return new ChildProcessResult(timedOut ? -1 : process.ExitCode, output.ToString(), timedOut);
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // It exited meanwhile.
        }
    }
}
