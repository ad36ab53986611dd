using System.Xml.Linq;
using Hermetic.Build.Core;
using Hermetic.Build.MSBuildFiles;

namespace Hermetic.Build.Determinism;

/// <summary>
/// HB3003: the project, or a file it imports from the repository, calls a non-deterministic
/// property function. Evaluation has already run it by the time a task runs, so the check reads
/// the files: every attribute and text value, not comments.
/// </summary>
public sealed class CheckPropertyFunctions : ProjectFilesTask
{
    protected override string CheckName => "non-deterministic property function";

    protected override void Run()
    {
        foreach (var (file, element) in ElementsInEvaluationOrder())
        {
            foreach (var attribute in element.Attributes())
            {
                ReportUses(file, attribute, attribute.Value);
            }

            foreach (var text in element.Nodes().OfType<XText>())
            {
                ReportUses(file, text, text.Value);
            }
        }
    }

    private void ReportUses(MSBuildFile file, XObject node, string value)
    {
        foreach (var use in PropertyFunctionScanner.Scan(value))
        {
            var at = file.LocationOf(node);
            // Point at the expression itself when it sits on a later line of a multi-line value.
            var linesBefore = value.AsSpan(0, use.Offset).Count('\n');
            if (linesBefore > 0 && at.Line > 0)
            {
                at = at with { Line = at.Line + linesBefore, Column = use.Offset - value.LastIndexOf('\n', use.Offset - 1) };
            }

            Report(HermeticDiagnostics.NonDeterministicPropertyFunction, at, use.Expression, use.Source.Reads, use.Source.Fix);
        }
    }
}
