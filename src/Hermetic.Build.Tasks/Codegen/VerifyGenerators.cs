using Microsoft.Build.Framework;

namespace Hermetic.Build.Codegen;

/// <summary>
/// The <c>HermeticVerifyGenerate</c> target (and VerifyHermetic's generator step): each pinned
/// generator runs twice into temporary folders; HB4002 when the runs differ, HB4001 when they
/// differ from the committed output. HB4003 generators are not run.
/// </summary>
public sealed class VerifyGenerators : GeneratorTask, ICancelableTask
{
    private readonly CancellationTokenSource _cancellation = new();

    /// <summary><c>$(SOURCE_DATE_EPOCH)</c>.</summary>
    public string? SourceDateEpoch { get; set; }

    /// <summary>Where the runs write (each run in a folder of its own, removed afterwards).</summary>
    [Required]
    public string TemporaryDirectory { get; set; } = string.Empty;

    /// <summary>The longest one run may take, in seconds.</summary>
    public int TimeoutSeconds { get; set; } = 600;

    protected override string CheckName => "generator verification";

    public void Cancel() => _cancellation.Cancel();

    protected override void Run()
    {
        foreach (var generator in LoadGenerators())
        {
            if (!CheckPinning(generator).IsPinned || _cancellation.IsCancellationRequested)
            {
                continue;
            }

            Log.LogMessage(MessageImportance.High, "HermeticVerifyGenerate: running generator '{0}' twice: {1}", generator.Name, generator.Command);
            var work = Path.Combine(Path.GetFullPath(TemporaryDirectory), "verify-" + generator.Name + "." + Guid.NewGuid().ToString("N")[..8]);
            var result = GeneratorVerification.Verify(generator, work, SourceDateEpoch, TimeSpan.FromSeconds(TimeoutSeconds), _cancellation.Token,
                RegenerateCommand, StampDisplay, line => Log.LogMessage(MessageImportance.Normal, "  {0}: {1}", generator.Name, line));
            if (result.FailedRun is not null)
            {
                RunGenerators.LogGeneratorFailure(Log, generator, result.FailedRun, TimeoutSeconds);
            }

            foreach (var finding in result.Findings)
            {
                Report(finding);
            }

            if (result.Passed)
            {
                Log.LogMessage(MessageImportance.High, "HermeticVerifyGenerate: generator '{0}' wrote the same output twice, the committed one.", generator.Name);
            }
        }
    }
}
