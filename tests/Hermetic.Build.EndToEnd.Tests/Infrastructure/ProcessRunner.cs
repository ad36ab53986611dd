using System.Diagnostics;
using System.Text;

namespace Hermetic.Build.EndToEnd.Tests.Infrastructure;

/// <summary>The result of a command: exit code and the interleaved output.</summary>
public sealed record ProcessResult(string Command, int ExitCode, string Output)
{
    public override string ToString() => $"> {Command}{Environment.NewLine}exit code {ExitCode}{Environment.NewLine}{Output}";
}

public static class ProcessRunner
{
    // Five minutes a command; HERMETIC_E2E_TIMEOUT_MINUTES gives a slow or crowded machine more.
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(
        int.TryParse(Environment.GetEnvironmentVariable("HERMETIC_E2E_TIMEOUT_MINUTES"), out var minutes) && minutes > 0 ? minutes : 5);

    /// <summary>Runs a program with exactly the given environment (nothing inherited).</summary>
    public static ProcessResult Run(string fileName, IEnumerable<string> arguments, string workingDirectory,
        IReadOnlyDictionary<string, string> environment, TimeSpan? timeout = null)
    {
        var limit = timeout ?? Timeout;
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Clear();
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"'{fileName} {string.Join(' ', arguments)}' did not finish within {limit}.{Environment.NewLine}{output}");
        }

        process.WaitForExit();
        lock (output)
        {
            return new ProcessResult($"{fileName} {string.Join(' ', start.ArgumentList)} (in {workingDirectory})", process.ExitCode, output.ToString());
        }
    }
}
