using System.Reflection;
using Microsoft.Build.Framework;

namespace Hermetic.Build.Commands;

/// <summary>
/// The task factory behind <c>&lt;UsingTask TaskName="Exec"&gt;</c> and
/// <c>&lt;UsingTask TaskName="DownloadFile"&gt;</c> in Hermetic.Build.Commands.targets. A project's
/// UsingTask is found before MSBuild's built-in tasks, so every <c>&lt;Exec&gt;</c> of the project
/// (and of the SDK's targets) runs <see cref="HermeticExec"/>. A factory, rather than a plain
/// UsingTask, because it receives the project's settings in the UsingTask's evaluated body.
/// </summary>
public sealed class HermeticCommandTaskFactory : ITaskFactory
{
    private CommandGateSettings _settings = CommandGateSettings.Parse(null);
    private Type _taskType = typeof(HermeticExec);

    public string FactoryName => "Hermetic.Build command gate";

    public Type TaskType => _taskType;

    public bool Initialize(string taskName, IDictionary<string, TaskPropertyInfo> parameterGroup, string taskBody, IBuildEngine taskFactoryLoggingHost)
    {
        var name = taskName[(taskName.LastIndexOf('.') + 1)..];
        Type? type = name switch
        {
            "Exec" => typeof(HermeticExec),
            "DownloadFile" => typeof(HermeticDownloadFile),
            _ => null,
        };
        if (type is null)
        {
            taskFactoryLoggingHost.LogErrorEvent(new BuildErrorEventArgs(null, "HB0001", null, 0, 0, 0, 0,
                $"Hermetic.Build's command gate stands in for Exec and DownloadFile only, not for '{taskName}'.", null, FactoryName));
            return false;
        }

        _taskType = type;
        _settings = CommandGateSettings.Parse(taskBody);
        return true;
    }

    public TaskPropertyInfo[] GetTaskParameters() => Parameters(_taskType);

    public ITask CreateTask(IBuildEngine taskFactoryLoggingHost) => _taskType == typeof(HermeticDownloadFile)
        ? new HermeticDownloadFile { Settings = _settings }
        : new HermeticExec { Settings = _settings };

    public void CleanupTask(ITask task)
    {
    }

    /// <summary>The task's MSBuild parameters: its public properties of a type MSBuild can pass, settable
    /// (or outputs), with their Required and Output attributes.</summary>
    internal static TaskPropertyInfo[] Parameters(Type type) => type
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.GetMethod?.IsPublic == true && IsParameterType(p.PropertyType))
        .Select(p => (Property: p, Output: p.IsDefined(typeof(OutputAttribute), true)))
        .Where(p => p.Output || p.Property.SetMethod?.IsPublic == true)
        .Select(p => new TaskPropertyInfo(p.Property.Name, p.Property.PropertyType, p.Output, p.Property.IsDefined(typeof(RequiredAttribute), true)))
        .ToArray();

    private static bool IsParameterType(Type type)
    {
        var element = type.IsArray ? type.GetElementType()! : type;
        return element == typeof(string) || element == typeof(ITaskItem) || element.IsPrimitive || element == typeof(DateTime) || element == typeof(decimal);
    }
}
