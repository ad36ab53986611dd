using System.Text.RegularExpressions;

namespace Hermetic.Build.EndToEnd.Tests.Infrastructure;

/// <summary>A diagnostic as MSBuild's console logger prints it.</summary>
public sealed record Diagnostic(string Severity, string Code, string File, int Line, int Column, string Message)
{
    public bool IsError => Severity == "error";

    public override string ToString() => $"{File}({Line},{Column}): {Severity} {Code}: {Message}";
}

/// <summary>The outcome of a build: exit code, output, and the diagnostics in it (deduplicated).</summary>
public sealed partial class BuildResult
{
    public BuildResult(ProcessResult process)
    {
        Process = process;
        Diagnostics = process.Output
            .Split('\n')
            .Select(line => DiagnosticLine().Match(line.TrimEnd('\r')))
            .Where(m => m.Success)
            .Select(m => new Diagnostic(
                m.Groups["severity"].Value,
                m.Groups["code"].Value,
                m.Groups["file"].Value.Trim(),
                m.Groups["line"].Success ? int.Parse(m.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture) : 0,
                m.Groups["column"].Success ? int.Parse(m.Groups["column"].Value, System.Globalization.CultureInfo.InvariantCulture) : 0,
                m.Groups["message"].Value.Trim()))
            .Distinct()
            .ToList();
    }

    public ProcessResult Process { get; }

    public int ExitCode => Process.ExitCode;

    public string Output => Process.Output;

    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    /// <summary>Hermetic.Build's diagnostics only.</summary>
    public IReadOnlyList<Diagnostic> Hermetic => Diagnostics.Where(d => d.Code.StartsWith("HB", StringComparison.Ordinal)).ToList();

    public IEnumerable<Diagnostic> Errors(string code) => Diagnostics.Where(d => d.IsError && d.Code == code);

    public IEnumerable<Diagnostic> Warnings(string code) => Diagnostics.Where(d => !d.IsError && d.Code == code);

    public override string ToString() => Process.ToString();

    [GeneratedRegex(@"^\s*(?<file>[^\s].*?)(?:\((?<line>\d+)(?:,(?<column>\d+))?(?:,\d+,\d+)?\))?\s*:\s*(?<severity>error|warning)\s+(?<code>[A-Za-z]+\d+)\s*:\s*(?<message>.*?)(?:\s+\[[^\[\]]+\])?$")]
    private static partial Regex DiagnosticLine();
}
