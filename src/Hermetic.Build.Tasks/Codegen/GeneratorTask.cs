using Hermetic.Build.Commands;
using Hermetic.Build.Core;
using Microsoft.Build.Framework;

namespace Hermetic.Build.Codegen;

/// <summary>What the code generation tasks share: the project's <c>HermeticGenerate</c> items,
/// the repository, the stamp, and the HB4003 check that comes before anything else.</summary>
public abstract class GeneratorTask : HermeticTask
{
    /// <summary><c>$(MSBuildProjectFullPath)</c>.</summary>
    [Required]
    public string ProjectFile { get; set; } = string.Empty;

    /// <summary><c>$(HermeticRoot)</c>.</summary>
    [Required]
    public string RepositoryRoot { get; set; } = string.Empty;

    /// <summary><c>$(HermeticGenerateStampFile)</c>: the committed stamp of the project's generators.</summary>
    [Required]
    public string StampFile { get; set; } = string.Empty;

    /// <summary><c>@(HermeticGenerate)</c>.</summary>
    public ITaskItem[] Generators { get; set; } = [];

    /// <summary>The files each item's <c>Inputs</c> match, with <c>Generator</c> metadata.</summary>
    public ITaskItem[] GeneratorInputs { get; set; } = [];

    protected string Root => Path.TrimEndingDirectorySeparator(Path.GetFullPath(RepositoryRoot));

    /// <summary>The command that regenerates this project's output, as a person types it at the
    /// repository root.</summary>
    protected string RegenerateCommand
    {
        get
        {
            var project = RepositoryPaths.Relative(Root, Path.GetFullPath(ProjectFile));
            return "dotnet msbuild " + (project.Contains(' ') ? "\"" + project + "\"" : project) + " -t:HermeticGenerate";
        }
    }

    /// <summary>The stamp, relative to the repository root.</summary>
    protected string StampDisplay => RepositoryPaths.Relative(Root, Path.GetFullPath(StampFile));

    protected IReadOnlyList<GeneratorDefinition> LoadGenerators() =>
        GeneratorDefinition.FromItems(Generators, GeneratorInputs, ProjectFile, RepositoryRoot, BuildEngine);

    /// <summary>HB4003 for each program of the command that is not pinned.</summary>
    protected PinningResult CheckPinning(GeneratorDefinition generator)
    {
        var pinning = GeneratorPinning.Check(generator.Command, generator.ProjectDirectory, RepositoryRoot, CommandLine.ExecDialect);
        foreach (var program in pinning.Unpinned)
        {
            Report(HermeticDiagnostics.GeneratorNotPinned, generator.Location, generator.Name, program.CommandText, program.Reason);
        }

        return pinning;
    }

    protected void Report(GeneratorFinding finding) => Report(finding.Diagnostic, finding.Location, finding.Arguments);

    /// <summary>HB4001 with the regenerate command and the stamp.</summary>
    protected void ReportStale(string sentence, SourceLocation location) =>
        Report(HermeticDiagnostics.GeneratedOutputStale, location, sentence, RegenerateCommand, StampDisplay);
}

/// <summary>A task that runs generators: the source date, where runs write, how long one may take,
/// and cancellation (a cancelled build stops the generator's whole process tree).</summary>
public abstract class GeneratorRunningTask : GeneratorTask, ICancelableTask
{
    private readonly CancellationTokenSource _cancellation = new();

    /// <summary><c>$(SOURCE_DATE_EPOCH)</c>.</summary>
    public string? SourceDateEpoch { get; set; }

    /// <summary>Where runs write before anything is compared or replaced (each run in a fresh
    /// folder of its own, removed afterwards).</summary>
    [Required]
    public string TemporaryDirectory { get; set; } = string.Empty;

    /// <summary>The longest one run may take, in seconds (<c>$(HermeticGenerateTimeout)</c>).</summary>
    public int TimeoutSeconds { get; set; } = 600;

    protected CancellationToken Cancellation => _cancellation.Token;

    protected TimeSpan Timeout => TimeSpan.FromSeconds(TimeoutSeconds);

    public void Cancel() => _cancellation.Cancel();
}
