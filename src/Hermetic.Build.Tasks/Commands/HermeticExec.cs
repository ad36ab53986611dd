using Hermetic.Build.Core;
using Microsoft.Build.Framework;

namespace Hermetic.Build.Commands;

/// <summary>
/// MSBuild's Exec, as every <c>&lt;Exec&gt;</c> of a hermetic project runs it (declared by
/// Hermetic.Build.Commands.targets through <see cref="HermeticCommandTaskFactory"/>): the command
/// runs in the hermetic environment (proxies at a closed port, UTC, the C locale,
/// SOURCE_DATE_EPOCH; the task's own EnvironmentVariables win), and a command that fetches or
/// installs from the network is HB4004 and, as an error, does not run.
/// </summary>
public sealed class HermeticExec : Microsoft.Build.Tasks.Exec, IGeneratedTask
{
    internal CommandGateSettings Settings { get; set; } = CommandGateSettings.Parse(null);

    public override bool Execute()
    {
        var gate = CommandGate.Create(Settings, Log, BuildEngine);
        if (gate is null)
        {
            return false;
        }

        var blocked = false;
        // The command's own package sources are judged as HB2001 judges the project's; the task's
        // variables (GOFLAGS=-mod=vendor, npm_config_offline=true) count as the command line's.
        var projectDirectory = string.IsNullOrEmpty(BuildEngine.ProjectFileOfTaskNode) ? null : Path.GetDirectoryName(Path.GetFullPath(BuildEngine.ProjectFileOfTaskNode));
        var workingDirectory = string.IsNullOrEmpty(WorkingDirectory) ? projectDirectory : Path.Combine(projectDirectory ?? Directory.GetCurrentDirectory(), WorkingDirectory);
        var context = new CommandContext(Settings.Root, Settings.AllowedSources, workingDirectory, EnvironmentVariables);
        foreach (var (command, reason) in gate.NetworkCommands(Command ?? string.Empty, CommandLine.ExecDialect, context))
        {
            blocked |= gate.Report(Log, BuildEngine, $"The Exec command runs {command.Text}: {reason}", command.Text);
        }

        if (blocked)
        {
            return false;
        }

        string? sourceDateEpoch;
        try
        {
            sourceDateEpoch = Settings.ResolveSourceDateEpoch(BuildEngine);
        }
        catch (HermeticInputException e)
        {
            gate.ReportCheckFailure(Log, BuildEngine, "source date", e);
            return false;
        }

        EnvironmentVariables = HermeticEnvironment.AsAssignments(sourceDateEpoch, EnvironmentVariables);
        return base.Execute();
    }

    void IGeneratedTask.SetPropertyValue(TaskPropertyInfo property, object value) =>
        GetType().GetProperty(property.Name)!.SetValue(this, value);

    object IGeneratedTask.GetPropertyValue(TaskPropertyInfo property) =>
        GetType().GetProperty(property.Name)!.GetValue(this)!;
}
