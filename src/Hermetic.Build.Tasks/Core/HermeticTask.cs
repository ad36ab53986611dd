using System.Collections.Concurrent;
using System.Text.Json;
using System.Xml;
using Hermetic.Build.Core;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Hermetic.Build.Core;

/// <summary>
/// Base of every Hermetic.Build task. <see cref="Execute"/> is sealed: it applies
/// <c>HermeticMode</c>, runs the check, and turns the failures a check can expect (unreadable or
/// malformed input) into HB0001 naming the check, the file and the reason — never a stack trace.
/// </summary>
public abstract class HermeticTask : Microsoft.Build.Utilities.Task
{
    private DiagnosticPolicy _policy = DiagnosticPolicy.Default;

    /// <summary><c>$(HermeticMode)</c>: Enforce, Audit or Off.</summary>
    public string? Mode { get; set; }

    /// <summary><c>$(HermeticWarningCodes)</c>: codes reported as warnings instead of errors.</summary>
    public string? WarningCodes { get; set; }

    /// <summary>Folder or URL prefix of the diagnostics pages; the help link is this plus <c>CODE.md</c>.</summary>
    public string? HelpLinkBase { get; set; }

    /// <summary>How many violations this run reported (also those said already by another project):
    /// the targets write their up-to-date stamp only when every check reported none.</summary>
    [Output]
    public int DiagnosticCount { get; private set; }

    /// <summary>The check's name as a person reads it in HB0001 ("SDK pin", "property function").</summary>
    protected abstract string CheckName { get; }

    public sealed override bool Execute()
    {
        try
        {
            _policy = DiagnosticPolicy.Parse(Mode, WarningCodes);
        }
        catch (ArgumentException e)
        {
            // An invalid mode must not silently mean "Off": fail closed (said once, not once per check).
            LogDiagnostic(HermeticDiagnostics.CheckFailed, isError: true, location: null, "settings", "HermeticMode", e.Message);
            return !Log.HasLoggedErrors; // false, unless another check of this build said it already
        }

        if (_policy.Mode == HermeticMode.Off)
        {
            return true;
        }

        try
        {
            Run();
        }
        catch (HermeticInputException e)
        {
            ReportCheckFailure(e.Location, e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException
                                      or JsonException or XmlException or System.ComponentModel.Win32Exception)
        {
            var file = (e as FileNotFoundException)?.FileName;
            ReportCheckFailure(file is null ? null : new SourceLocation(file), e.Message);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A defect of the check, not of the input: still an HB error with a count, so that the
            // gate never records a check that did not finish (the stack is there at -v:d).
            Log.LogMessage(MessageImportance.Low, e.ToString());
            ReportCheckFailure(null, $"unexpected {e.GetType().Name}: {e.Message}");
        }

        // An error logged any other way still counts: the gate records only checks that said nothing.
        if (Log.HasLoggedErrors && DiagnosticCount == 0)
        {
            DiagnosticCount = 1;
        }

        return !Log.HasLoggedErrors;
    }

    /// <summary>Runs the check; report violations with <see cref="Report"/>.</summary>
    protected abstract void Run();

    /// <summary>Reports a violation as an error or a warning, by the mode and warning codes.</summary>
    protected void Report(HermeticDiagnostic diagnostic, SourceLocation? location, params object?[] args) =>
        LogDiagnostic(diagnostic, _policy.IsError(diagnostic.Code), location, args);

    /// <summary>Reports a code of another tool that a check finds (NuGet's NU1603): counted like
    /// the check's own codes, an error unless the mode is Audit.</summary>
    protected void ReportOtherTool(string code, string file, string message)
    {
        DiagnosticCount++;
        if (_policy.Mode == HermeticMode.Audit)
        {
            Log.LogWarning(null, code, null, file, 0, 0, 0, 0, message);
        }
        else
        {
            Log.LogError(null, code, null, file, 0, 0, 0, 0, message);
        }
    }

    private void ReportCheckFailure(SourceLocation? location, string reason) =>
        Report(HermeticDiagnostics.CheckFailed, location, CheckName, location?.File ?? "its input files", reason.TrimEnd('.'));

    private void LogDiagnostic(HermeticDiagnostic diagnostic, bool isError, SourceLocation? location, params object?[] args)
    {
        DiagnosticCount++;
        DiagnosticLog.Write(Log, BuildEngine, HelpLinkBase, diagnostic, isError, location, args);
    }
}
