using Hermetic.Build.Core;
using Hermetic.Build.MSBuildFiles;

namespace Hermetic.Build.Determinism;

/// <summary>
/// HB3001: <c>Deterministic</c> is not true. Points at the last <c>&lt;Deterministic&gt;</c>
/// the project evaluates (the one that wins), or at the project when the value came from the
/// command line or the environment.
/// </summary>
public sealed class CheckDeterministic : ProjectFilesTask
{
    /// <summary><c>$(Deterministic)</c> as evaluated.</summary>
    public string? Deterministic { get; set; }

    protected override string CheckName => "deterministic compilation";

    protected override void Run()
    {
        var value = (Deterministic ?? string.Empty).Trim();
        if (string.Equals(value, "true", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        SourceLocation? setting = null;
        foreach (var (file, element) in ElementsInEvaluationOrder())
        {
            if (element.Name.LocalName == "Deterministic" && element.Parent?.Name.LocalName == "PropertyGroup")
            {
                setting = file.LocationOf(element);
            }
        }

        Report(HermeticDiagnostics.NotDeterministic, setting ?? new SourceLocation(ProjectFile), value.Length == 0 ? "(empty)" : value);
    }
}
