using System.Collections.Concurrent;
using Hermetic.Build.Core;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Hermetic.Build.Commands;

/// <summary>
/// HB4004 for the tasks that stand in for MSBuild's Exec and DownloadFile: finds the commands of
/// a command line that reach the network, leaves out the allowed ones, and reports each at the
/// task's element (file, line, column), as an error or a warning by HermeticMode and
/// HermeticWarningCodes, redacted, with its help link.
/// </summary>
public sealed class CommandGate
{
    private readonly CommandGateSettings _settings;
    private readonly DiagnosticPolicy _policy;

    private CommandGate(CommandGateSettings settings, DiagnosticPolicy policy)
    {
        _settings = settings;
        _policy = policy;
    }

    public HermeticMode Mode => _policy.Mode;

    /// <summary>The gate for these settings; an invalid HermeticMode is HB0001 (logged) and null.</summary>
    public static CommandGate? Create(CommandGateSettings settings, TaskLoggingHelper log, IBuildEngine engine)
    {
        try
        {
            return new CommandGate(settings, DiagnosticPolicy.Parse(settings.Mode, settings.WarningCodes));
        }
        catch (ArgumentException e)
        {
            LogDiagnostic(log, engine, settings.HelpLinkBase, HermeticDiagnostics.CheckFailed, isError: true, "settings", "HermeticMode", e.Message);
            return null;
        }
    }

    /// <summary>Every (command, reason) of a command line that reaches the network and is not allowed.</summary>
    public IReadOnlyList<(SimpleCommand Command, string Reason)> NetworkCommands(string commandText, ShellDialect dialect, CommandContext? context = null)
    {
        var found = new List<(SimpleCommand, string)>();
        foreach (var command in CommandLine.Flatten(CommandLine.Parse(commandText, dialect)))
        {
            var reason = Commands.NetworkCommands.Reason(command, context ?? CommandContext.Default);
            if (reason is not null && !IsAllowed(command))
            {
                found.Add((command, reason));
            }
        }

        return found;
    }

    /// <summary>An allowed command is one whose words start with the words of a HermeticAllowedCommand
    /// (the program compared by name: <c>/usr/bin/git</c> is <c>git</c>).</summary>
    public bool IsAllowed(SimpleCommand command)
    {
        foreach (var allowed in _settings.AllowedCommands)
        {
            foreach (var pattern in CommandLine.Parse(allowed, ShellDialect.Posix))
            {
                if (pattern.Inner.Count == 0 && pattern.ProgramName == command.ProgramName && pattern.Arguments.Count <= command.Arguments.Count
                    && pattern.Arguments.Select((a, i) => string.Equals(a, command.Arguments[i], StringComparison.Ordinal)).All(x => x))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Reports HB4004 at the task's element; returns whether it was an error.</summary>
    public bool Report(TaskLoggingHelper log, IBuildEngine engine, string what, string allowAs)
    {
        var isError = _policy.IsError(HermeticDiagnostics.NetworkCommand.Code);
        LogDiagnostic(log, engine, _settings.HelpLinkBase, HermeticDiagnostics.NetworkCommand, isError, what, allowAs);
        return isError;
    }

    /// <summary>HB0001 (always an error: a check that cannot run fails closed) for input the command could not be prepared from.</summary>
    public void ReportCheckFailure(TaskLoggingHelper log, IBuildEngine engine, string check, HermeticInputException failure) =>
        DiagnosticLog.Write(log, engine, _settings.HelpLinkBase, HermeticDiagnostics.CheckFailed, isError: true, failure.Location, check,
            failure.Location.File, failure.Message.TrimEnd('.'));

    private static void LogDiagnostic(TaskLoggingHelper log, IBuildEngine engine, string? helpLinkBase, HermeticDiagnostic diagnostic, bool isError, params object?[] args) =>
        DiagnosticLog.Write(log, engine, helpLinkBase, diagnostic, isError,
            new SourceLocation(engine.ProjectFileOfTaskNode, engine.LineNumberOfTaskNode, engine.ColumnNumberOfTaskNode), args);
}
