using System.Collections.Concurrent;
using Hermetic.Build.Core;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Hermetic.Build.Core;

/// <summary>
/// Logs one Hermetic.Build diagnostic: its code, the message with secrets redacted, the file and
/// line, and the help link to its page; once per place per build (a problem in a file shared by
/// every project, or by every target framework, is said once). Every task logs through here.
/// </summary>
public static class DiagnosticLog
{
    /// <summary>Logs the diagnostic; returns false when this build has said exactly this already.</summary>
    public static bool Write(TaskLoggingHelper log, IBuildEngine? engine, string? helpLinkBase, HermeticDiagnostic diagnostic, bool isError,
        SourceLocation? location, params object?[] args)
    {
        var message = SecretRedactor.Redact(diagnostic.FormatMessage(args));
        var file = location?.File;
        var line = location?.Line ?? 0;
        var column = location?.Column ?? 0;
        var reported = BuildCache.GetOrCreate(engine, "reported-diagnostics", () => new ConcurrentDictionary<string, bool>());
        if (!reported.TryAdd(string.Join("|", diagnostic.Code, isError, file, line, column, message), true))
        {
            return false;
        }

        var helpLink = HelpLink(helpLinkBase, diagnostic);
        if (isError)
        {
            log.LogError(subcategory: null, errorCode: diagnostic.Code, helpKeyword: null, helpLink: helpLink, file: file,
                lineNumber: line, columnNumber: column, endLineNumber: 0, endColumnNumber: 0, message: message);
        }
        else
        {
            log.LogWarning(subcategory: null, warningCode: diagnostic.Code, helpKeyword: null, helpLink: helpLink, file: file,
                lineNumber: line, columnNumber: column, endLineNumber: 0, endColumnNumber: 0, message: message);
        }

        return true;
    }

    /// <summary><c>$(HermeticHelpLinkBase)</c> + <c>CODE.md</c>, or null without a base.</summary>
    public static string? HelpLink(string? helpLinkBase, HermeticDiagnostic diagnostic) =>
        string.IsNullOrEmpty(helpLinkBase)
            ? null
            : helpLinkBase + (helpLinkBase.EndsWith('/') || helpLinkBase.EndsWith('\\') ? string.Empty : "/") + diagnostic.HelpFileName;
}
