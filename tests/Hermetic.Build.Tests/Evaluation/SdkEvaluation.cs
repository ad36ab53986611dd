using Hermetic.Build.Tests.TestSupport;
using Microsoft.Build.Evaluation;

namespace Hermetic.Build.Tests.Evaluation;

/// <summary>
/// Evaluates throwaway Microsoft.NET.Sdk projects that import this repository's sdk/Sdk.props
/// (top) and sdk/Sdk.targets (bottom), in-process, one fresh ProjectCollection per evaluation.
/// The environment of the test process never decides a result: every CI variable the props read
/// is passed as a global property (empty unless a test sets it), and the properties the SDK sets
/// are passed empty and declared TreatAsLocalProperty, so an ambient variable of that name
/// (ContinuousIntegrationBuild=true in a CI job, say) is hidden while files can still set them.
/// </summary>
public static class SdkEvaluation
{
    /// <summary>Every variable Hermetic.Build.props reads to detect a CI system.</summary>
    public static readonly string[] CiVariables =
    [
        "CI", "TF_BUILD", "GITHUB_ACTIONS", "GITLAB_CI", "JENKINS_URL", "TEAMCITY_VERSION", "BUILDKITE", "CIRCLECI",
        "TRAVIS", "APPVEYOR", "BITBUCKET_BUILD_NUMBER", "CODEBUILD_BUILD_ID", "DRONE", "BUDDY", "SPACE_MODULE",
    ];

    /// <summary>Properties the SDK (or a project) sets, hidden from the environment.</summary>
    public static readonly string[] SettableProperties =
    [
        "HermeticMode", "HermeticCI", "HermeticRoot", "HermeticGlobalJsonPath", "HermeticHelpLinkBase", "HermeticWarningCodes",
        "HermeticBuildTasksAssembly", "ContinuousIntegrationBuild", "Deterministic", "DeterministicSourcePaths",
        "CustomBeforeHermeticBuildProps", "CustomAfterHermeticBuildProps", "CustomBeforeHermeticBuildTargets",
        "CustomAfterHermeticBuildTargets", "_HermeticGlobalJsonDirectory", "_HermeticGitDirectory",
    ];

    private static readonly Lazy<string> LazyRepositoryRoot = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Hermetic.Build.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} holds Hermetic.Build.sln.");
    });

    public static string RepositoryRoot => LazyRepositoryRoot.Value;

    public static string SdkProps => Path.Combine(RepositoryRoot, "sdk", "Sdk.props");

    public static string SdkTargets => Path.Combine(RepositoryRoot, "sdk", "Sdk.targets");

    /// <summary>A project file text: Microsoft.NET.Sdk, Hermetic.Build's props at the top, the
    /// body, Hermetic.Build's targets at the bottom.</summary>
    public static string ProjectText(string body = "", IEnumerable<string>? localProperties = null)
    {
        var local = string.Join(";", localProperties ?? SettableProperties);
        return $"""
            <Project Sdk="Microsoft.NET.Sdk" TreatAsLocalProperty="{local}">
              <Import Project="{SdkProps}" />
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
              </PropertyGroup>
            {body}
              <Import Project="{SdkTargets}" />
            </Project>
            """;
    }

    /// <summary>Global properties for an evaluation: CI variables and the settable properties
    /// empty, <c>CI=false</c>, then <paramref name="overrides"/>.</summary>
    public static Dictionary<string, string> GlobalProperties(IReadOnlyDictionary<string, string>? overrides = null,
        IEnumerable<string>? hidden = null)
    {
        var properties = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in CiVariables.Concat(hidden ?? SettableProperties))
        {
            properties[name] = string.Empty;
        }

        properties["CI"] = "false";
        foreach (var (name, value) in overrides ?? new Dictionary<string, string>())
        {
            properties[name] = value;
        }

        return properties;
    }

    public static EvaluatedProject Evaluate(string projectPath, IReadOnlyDictionary<string, string>? overrides = null,
        IEnumerable<string>? hidden = null)
    {
        using var collection = new ProjectCollection(GlobalProperties(overrides, hidden));
        try
        {
            var project = collection.LoadProject(projectPath);
            return new EvaluatedProject(
                project.AllEvaluatedProperties
                    .GroupBy(p => p.Name, StringComparer.OrdinalIgnoreCase)
                    .ToDictionary(g => g.Key, g => project.GetPropertyValue(g.Key), StringComparer.OrdinalIgnoreCase),
                project.Items
                    .GroupBy(i => i.ItemType, StringComparer.OrdinalIgnoreCase)
                    .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)[.. g.Select(i => i.EvaluatedInclude)], StringComparer.OrdinalIgnoreCase));
        }
        finally
        {
            collection.UnloadAllProjects();
        }
    }

    /// <summary>Writes <paramref name="relativePath"/> in <paramref name="dir"/> as an SDK project
    /// with <paramref name="body"/> and evaluates it.</summary>
    public static EvaluatedProject WriteAndEvaluate(TempDirectory dir, string relativePath, string body = "",
        IReadOnlyDictionary<string, string>? overrides = null)
    {
        var path = dir.Write(relativePath, ProjectText(body));
        return Evaluate(path, overrides);
    }
}

public sealed class EvaluatedProject(IReadOnlyDictionary<string, string> properties, IReadOnlyDictionary<string, IReadOnlyList<string>> items)
{
    public string this[string property] => properties.TryGetValue(property, out var value) ? value : string.Empty;

    public IReadOnlyList<string> Items(string itemType) => items.TryGetValue(itemType, out var list) ? list : [];
}
