using System.Diagnostics;
using System.Text;
using Hermetic.Build.Commands;

namespace Hermetic.Build.Codegen;

/// <summary>How one run of a generator ended: its exit code (null when it was stopped after the
/// time limit or cancelled) and everything it printed.</summary>
public sealed record GeneratorRunResult(int? ExitCode, string Output, bool TimedOut)
{
    public bool Succeeded => ExitCode == 0;
}

/// <summary>
/// Runs a generator's command once: through the shell (<c>/bin/sh -c</c>, or <c>cmd /d /s /c</c>
/// on Windows) in the project folder, in the hermetic environment (Commands/HermeticEnvironment:
/// proxies at a closed port, <c>TZ=UTC</c>, <c>LC_ALL=C</c>, <c>SOURCE_DATE_EPOCH</c>), with
/// <c>{output}</c> in the command and <c>HERMETIC_OUTPUT</c> in the environment set to the
/// folder to write. The folder is created empty first.
/// </summary>
public static class GeneratorRunner
{
    public const string OutputPlaceholder = "{output}";

    public const string OutputVariable = "HERMETIC_OUTPUT";

    public static GeneratorRunResult Run(GeneratorDefinition generator, string outputDirectory, string? sourceDateEpoch, TimeSpan timeout,
        CancellationToken cancellation, Action<string>? onOutputLine = null, IReadOnlyDictionary<string, string>? extraEnvironment = null)
    {
        var output = Path.GetFullPath(outputDirectory);
        if (Directory.Exists(output))
        {
            Directory.Delete(output, recursive: true);
        }

        Directory.CreateDirectory(output);
        var command = generator.Command.Replace(OutputPlaceholder, output, StringComparison.Ordinal);

        var start = OperatingSystem.IsWindows()
            ? new ProcessStartInfo(Environment.GetEnvironmentVariable("ComSpec") ?? "cmd.exe") { Arguments = "/d /s /c \"" + command + "\"" }
            : new ProcessStartInfo("/bin/sh") { ArgumentList = { "-c", command } };
        start.WorkingDirectory = generator.ProjectDirectory;
        start.UseShellExecute = false;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.RedirectStandardInput = true;
        start.StandardOutputEncoding = Encoding.UTF8;
        start.StandardErrorEncoding = Encoding.UTF8;
        HermeticEnvironment.ApplyTo(start.Environment, sourceDateEpoch);
        start.Environment[OutputVariable] = output;
        foreach (var (name, value) in extraEnvironment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var text = new StringBuilder();
        void OnLine(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (text)
            {
                text.AppendLine(line);
            }

            onOutputLine?.Invoke(line);
        }

        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var stopped = false;
        using (cancellation.Register(() => Stop(process)))
        {
            if (!process.WaitForExit(timeout))
            {
                Stop(process);
                stopped = true;
            }

            process.WaitForExit(); // drains the output
        }

        lock (text)
        {
            return new GeneratorRunResult(stopped || cancellation.IsCancellationRequested ? null : process.ExitCode, text.ToString(), stopped);
        }
    }

    private static void Stop(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // it ended on its own
        }
    }
}
