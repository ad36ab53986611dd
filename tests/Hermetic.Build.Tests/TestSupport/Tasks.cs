using Hermetic.Build.Determinism;
using Hermetic.Build.Toolchain;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Hermetic.Build.Tests.TestSupport;

/// <summary>Tasks wired to a <see cref="FakeBuildEngine"/>, as the targets wire them.</summary>
public static class Tasks
{
    public const string HelpLinkBase = "https://hermetic.example.invalid/docs/diagnostics/";

    public static CheckSdkPin SdkPin(FakeBuildEngine engine, string projectFile, string? globalJsonPath, string runningSdkVersion,
        string? mode = null, string? warningCodes = null) =>
        new()
        {
            BuildEngine = engine,
            ProjectFile = projectFile,
            GlobalJsonPath = globalJsonPath,
            RunningSdkVersion = runningSdkVersion,
            Mode = mode,
            WarningCodes = warningCodes,
            HelpLinkBase = HelpLinkBase,
        };

    public static CheckPropertyFunctions PropertyFunctions(FakeBuildEngine engine, string projectFile, string repositoryRoot,
        IEnumerable<string>? projectFiles = null, string? mode = null, string? warningCodes = null) =>
        new()
        {
            BuildEngine = engine,
            ProjectFile = projectFile,
            RepositoryRoot = repositoryRoot,
            ProjectFiles = Items(projectFiles),
            Mode = mode,
            WarningCodes = warningCodes,
            HelpLinkBase = HelpLinkBase,
        };

    public static CheckDeterministic Deterministic(FakeBuildEngine engine, string projectFile, string repositoryRoot, string? deterministic,
        IEnumerable<string>? projectFiles = null, string? mode = null, string? warningCodes = null) =>
        new()
        {
            BuildEngine = engine,
            ProjectFile = projectFile,
            RepositoryRoot = repositoryRoot,
            ProjectFiles = Items(projectFiles),
            Deterministic = deterministic,
            Mode = mode,
            WarningCodes = warningCodes,
            HelpLinkBase = HelpLinkBase,
        };

    private static ITaskItem[] Items(IEnumerable<string>? paths) =>
        paths is null ? [] : [.. paths.Select(p => (ITaskItem)new TaskItem(p))];
}
