using Microsoft.Build.Framework;

namespace Hermetic.Build.Codegen;

/// <summary>
/// The <c>HermeticVerifyGenerate</c> target (and VerifyHermetic's generator step): each pinned
/// generator runs twice into temporary folders; HB4002 when the runs differ, HB4001 when they
/// differ from the committed output. HB4003 generators are not run.
/// </summary>
public sealed class VerifyGenerators : GeneratorRunningTask
{
    protected override string CheckName => "generator verification";

    protected override void Run()
    {
        foreach (var generator in LoadGenerators())
        {
            if (!CheckPinning(generator).IsPinned || Cancellation.IsCancellationRequested)
            {
                continue;
            }

            Log.LogMessage(MessageImportance.High, "HermeticVerifyGenerate: running generator '{0}' twice: {1}", generator.Name, generator.Command);
            var work = Path.Combine(Path.GetFullPath(TemporaryDirectory), "verify-" + generator.Name + "." + Guid.NewGuid().ToString("N")[..8]);
            var result = GeneratorVerification.Verify(generator, work, SourceDateEpoch, Timeout, Cancellation,
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
