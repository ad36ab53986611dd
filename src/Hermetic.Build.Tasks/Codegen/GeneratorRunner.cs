using System.Diagnostics;
using Hermetic.Build.Commands;
using Hermetic.Build.Core;

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
        HermeticEnvironment.ApplyTo(start.Environment, sourceDateEpoch);
        start.Environment[OutputVariable] = output;
        foreach (var (name, value) in extraEnvironment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var result = ChildProcess.Run(start, timeout, cancellation, onOutputLine);
        return new GeneratorRunResult(result.TimedOut || cancellation.IsCancellationRequested ? null : result.ExitCode, result.Output, result.TimedOut);
    }
}
