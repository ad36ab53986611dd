using System.Globalization;
using Hermetic.Build.Core;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Hermetic.Build.Codegen;

/// <summary>
/// The <c>HermeticGenerate</c> target: runs each pinned generator into a fresh temporary folder,
/// then makes its <c>OutputDirectory</c> hold exactly those files (a failed generator leaves the
/// committed output as it was), and writes the stamp. An unpinned generator (HB4003) is never run.
/// </summary>
public sealed class RunGenerators : GeneratorRunningTask
{
    /// <summary><c>@(Compile)</c> as evaluated, before the generators ran.</summary>
    public ITaskItem[] CompileItems { get; set; } = [];

    /// <summary><c>$(EnableDefaultCompileItems)</c>: the SDK globs source files of the project folder.</summary>
    public bool DefaultCompileItems { get; set; }

    /// <summary><c>$(DefaultLanguageSourceExtension)</c>, the source files that are compiled.</summary>
    public string SourceExtension { get; set; } = ".cs";

    /// <summary>Compile items of the output folders as they were: the target removes them ...</summary>
    [Output]
    public ITaskItem[] CompileToRemove { get; private set; } = [];

    /// <summary>... and adds these, the source files the folders hold now, so that a build in the
    /// same invocation compiles the new output and not the old.</summary>
    [Output]
    public ITaskItem[] CompileToAdd { get; private set; } = [];

    /// <summary>Every file the generators wrote (full paths).</summary>
    [Output]
    public ITaskItem[] GeneratedFiles { get; private set; } = [];

    protected override string CheckName => "HermeticGenerate";

    protected override void Run()
    {
        var generators = LoadGenerators();
        var stampPath = Path.GetFullPath(StampFile);
        var previous = File.Exists(stampPath) ? GenerateStamp.Read(stampPath) : null;
        if (generators.Count == 0)
        {
            if (previous is not null)
            {
                File.Delete(stampPath);
                Log.LogMessage(MessageImportance.High, "HermeticGenerate: the project declares no generators; deleted the stamp {0}.", StampDisplay);
            }

            return;
        }

        var entries = new List<StampEntry>();
        var generated = new List<string>();
        var removed = new List<ITaskItem>();
        var added = new List<ITaskItem>();
        foreach (var generator in generators)
        {
            var pinning = CheckPinning(generator);
            var entry = pinning.IsPinned && !Cancellation.IsCancellationRequested ? Generate(generator, pinning, stampPath, generated) : null;
            if (entry is null)
            {
                // Not run or failed: its committed output and stamp entry stay as they were.
                if (previous?.Find(generator.Name) is { } kept)
                {
                    entries.Add(kept);
                }

                continue;
            }

            entries.Add(entry);
            UpdateCompileItems(generator, removed, added);
        }

        foreach (var orphan in previous?.Generators.Where(g => generators.All(d => !string.Equals(d.Name, g.Name, StringComparison.OrdinalIgnoreCase))) ?? [])
        {
            Log.LogMessage(MessageImportance.High,
                "HermeticGenerate: generator '{0}' is no longer declared; its entry left the stamp, its output folder '{1}' was left as it is (delete it if it is no longer wanted).",
                orphan.Name, orphan.OutputDirectory);
        }

        if (new GenerateStamp(entries).Write(stampPath))
        {
            Log.LogMessage(MessageImportance.High, "HermeticGenerate: wrote {0}.", StampDisplay);
        }

        GeneratedFiles = [.. generated.Select(f => (ITaskItem)new TaskItem(f))];
        CompileToRemove = [.. removed];
        CompileToAdd = [.. added];
    }

    private StampEntry? Generate(GeneratorDefinition generator, PinningResult pinning, string stampPath, List<string> generated)
    {
        var temporary = Path.Combine(Path.GetFullPath(TemporaryDirectory), generator.Name + "." + Guid.NewGuid().ToString("N")[..8]);
        Log.LogMessage(MessageImportance.High, "HermeticGenerate: running generator '{0}': {1}", generator.Name, generator.Command);
        try
        {
            var committed = GeneratedFolder.Hashes(generator.OutputDirectory);
            var result = GeneratorRunner.Run(generator, temporary, SourceDateEpoch, Timeout, Cancellation,
                line => Log.LogMessage(MessageImportance.Normal, "  {0}: {1}", generator.Name, line));
            if (!result.Succeeded)
            {
                LogGeneratorFailure(Log, generator, result, TimeoutSeconds);
                return null;
            }

            if (GeneratedFolder.Files(temporary).Count == 0 && (committed.Count > 0 || GeneratedFolder.Files(generator.OutputDirectory).Count > 0))
            {
                return NothingWritten(generator, committed, pinning, stampPath);
            }

            var files = GeneratedFolder.Replace(generator.OutputDirectory, temporary);
            generated.AddRange(files);
            Log.LogMessage(MessageImportance.High, "HermeticGenerate: generator '{0}' wrote {1} file(s) to {2}.", generator.Name,
                files.Count, RepositoryPaths.Relative(Root, generator.OutputDirectory));
            return GeneratorState.Current(generator, pinning, RepositoryRoot, stampPath, BuildEngine);
        }
        finally
        {
            if (Directory.Exists(temporary))
            {
                Directory.Delete(temporary, recursive: true);
            }
        }
    }

    /// <summary>
    /// A run that wrote nothing into <c>{output}</c> while the output folder has files: replacing
    /// would wipe the committed output. A generator that wrote into its OutputDirectory itself
    /// (ignoring {output}) has its files there taken as they are; otherwise it is an error.
    /// </summary>
    private StampEntry? NothingWritten(GeneratorDefinition generator, SortedDictionary<string, string> committed, PinningResult pinning, string stampPath)
    {
        var folder = RepositoryPaths.Relative(Root, generator.OutputDirectory);
        if (!GeneratedFolder.Hashes(generator.OutputDirectory).SequenceEqual(committed))
        {
            Log.LogMessage(MessageImportance.High,
                "HermeticGenerate: generator '{0}' wrote into {1} itself instead of into {{output}} (HERMETIC_OUTPUT); its files there are taken as its output, and files it no longer writes are not removed. Write into {{output}} instead.",
                generator.Name, folder);
            return GeneratorState.Current(generator, pinning, RepositoryRoot, stampPath, BuildEngine);
        }

        Log.LogError(subcategory: null, errorCode: null, helpKeyword: null, file: generator.Location.File, lineNumber: generator.Location.Line,
            columnNumber: generator.Location.Column, endLineNumber: 0, endColumnNumber: 0,
            message: $"Generator '{generator.Name}' succeeded but wrote no files into {{output}} (HERMETIC_OUTPUT); the committed output in {folder} was left as it was. Command: {generator.Command}");
        return null;
    }

    /// <summary>A failed generator is a plain MSBuild error (not an HB code: nothing about the
    /// build's hermeticity was found), at the item, with the end of what the generator printed.</summary>
    internal static void LogGeneratorFailure(TaskLoggingHelper log, GeneratorDefinition generator, GeneratorRunResult result, int timeoutSeconds)
    {
        var lines = result.Output.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        var tail = string.Join(Environment.NewLine, lines.TakeLast(30).Select(l => "  " + l));
        var why = result.TimedOut
            ? string.Format(CultureInfo.InvariantCulture, "did not finish within {0} seconds (HermeticGenerateTimeout) and was stopped", timeoutSeconds)
            : result.ExitCode is { } code ? string.Format(CultureInfo.InvariantCulture, "failed with exit code {0}", code) : "was cancelled";
        log.LogError(subcategory: null, errorCode: null, helpKeyword: null, file: generator.Location.File, lineNumber: generator.Location.Line,
            columnNumber: generator.Location.Column, endLineNumber: 0, endColumnNumber: 0,
            message: $"Generator '{generator.Name}' {why}; its committed output was left as it was. Command: {generator.Command}"
                     + (tail.Trim().Length > 0 ? Environment.NewLine + "Its last output:" + Environment.NewLine + tail : string.Empty));
    }

    /// <summary>
    /// The Compile items of a regenerated folder: remove what was evaluated there, add the source
    /// files it holds now, when the folder contributed to Compile before or lies in the project
    /// folder with the SDK's default globs on (the case where evaluation would include it).
    /// </summary>
    private void UpdateCompileItems(GeneratorDefinition generator, List<ITaskItem> removed, List<ITaskItem> added)
    {
        var projectDirectory = generator.ProjectDirectory;
        var before = CompileItems.Where(i => RepositoryPaths.IsUnder(Path.GetFullPath(Path.Combine(projectDirectory, i.ItemSpec)), generator.OutputDirectory)).ToList();
        var compiled = before.Count > 0 || (DefaultCompileItems && RepositoryPaths.IsUnder(generator.OutputDirectory, projectDirectory));
        removed.AddRange(before);
        if (!compiled)
        {
            return;
        }

        foreach (var file in GeneratedFolder.Files(generator.OutputDirectory).Where(f => f.EndsWith(SourceExtension, StringComparison.OrdinalIgnoreCase)))
        {
            var relative = Path.GetRelativePath(projectDirectory, file);
            added.Add(new TaskItem(relative.StartsWith("..", StringComparison.Ordinal) ? file : relative));
        }
    }
}
