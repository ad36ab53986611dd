using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Hermetic.Build.Commands;

/// <summary>
/// MSBuild's DownloadFile in a hermetic project: a download at build time is HB4004. As an error,
/// nothing is downloaded; as a warning (Audit, HermeticWarningCodes) or for an allowed URL
/// (<c>HermeticAllowedCommand Include="DownloadFile &lt;url&gt;"</c>), MSBuild's own task runs.
/// </summary>
public sealed class HermeticDownloadFile : Microsoft.Build.Utilities.Task, ICancelableTask, IGeneratedTask
{
    private Microsoft.Build.Tasks.DownloadFile? _inner;

    internal CommandGateSettings Settings { get; set; } = CommandGateSettings.Parse(null);

    [Required]
    public string SourceUrl { get; set; } = string.Empty;

    [Required]
    public ITaskItem? DestinationFolder { get; set; }

    public ITaskItem? DestinationFileName { get; set; }

    [Output]
    public ITaskItem? DownloadedFile { get; set; }

    public int Retries { get; set; }

    public int RetryDelayMilliseconds { get; set; } = 5 * 1000;

    public bool SkipUnchangedFiles { get; set; } = true;

    public int Timeout { get; set; } = 100 * 1000;

    public override bool Execute()
    {
        var gate = CommandGate.Create(Settings, Log, BuildEngine);
        if (gate is null)
        {
            return false;
        }

        var asCommand = new SimpleCommand("DownloadFile", [SourceUrl], []);
        if (!gate.IsAllowed(asCommand)
            && gate.Report(Log, BuildEngine, $"The DownloadFile task downloads '{SourceUrl}'", "DownloadFile " + SourceUrl))
        {
            return false;
        }

        _inner = new Microsoft.Build.Tasks.DownloadFile
        {
            BuildEngine = BuildEngine,
            HostObject = HostObject,
            SourceUrl = SourceUrl,
            DestinationFolder = DestinationFolder,
            DestinationFileName = DestinationFileName,
            Retries = Retries,
            RetryDelayMilliseconds = RetryDelayMilliseconds,
            SkipUnchangedFiles = SkipUnchangedFiles,
            Timeout = Timeout,
        };
        var result = _inner.Execute();
        DownloadedFile = _inner.DownloadedFile;
        return result;
    }

    public void Cancel() => _inner?.Cancel();

    void IGeneratedTask.SetPropertyValue(TaskPropertyInfo property, object value) =>
        GetType().GetProperty(property.Name)!.SetValue(this, value);

    object IGeneratedTask.GetPropertyValue(TaskPropertyInfo property) =>
        GetType().GetProperty(property.Name)!.GetValue(this)!;
}
