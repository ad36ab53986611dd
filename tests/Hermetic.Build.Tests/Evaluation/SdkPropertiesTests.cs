using Hermetic.Build.Tests.TestSupport;
using static Hermetic.Build.Tests.Evaluation.SdkEvaluation;

namespace Hermetic.Build.Tests.Evaluation;

/// <summary>Defaults of sdk/Hermetic.Build.props and .targets, as MSBuild evaluates them.</summary>
[Trait(Category.Name, Category.Evaluation)]
public sealed class SdkPropertiesTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string Dir(string path) => path.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;

    [Fact]
    public void The_sdk_is_on_with_HermeticMode_Enforce_by_default()
    {
        var project = WriteAndEvaluate(_dir, "App/App.csproj");

        Assert.Equal("true", project["UsingHermeticBuildSdk"]);
        Assert.Equal("Enforce", project["HermeticMode"]);
    }

    [Theory]
    [InlineData("Audit")]
    [InlineData("Off")]
    public void A_global_HermeticMode_wins(string mode)
    {
        var path = _dir.Write("App/App.csproj", ProjectText());

        var project = Evaluate(path, new Dictionary<string, string> { ["HermeticMode"] = mode }, hidden: SettableProperties.Except(["HermeticMode"]));

        Assert.Equal(mode, project["HermeticMode"]);
    }

    [Fact]
    public void HermeticMode_from_Directory_Build_props_wins()
    {
        _dir.Write("Directory.Build.props", "<Project><PropertyGroup><HermeticMode>Audit</HermeticMode></PropertyGroup></Project>");

        Assert.Equal("Audit", WriteAndEvaluate(_dir, "App/App.csproj")["HermeticMode"]);
    }

    [Fact]
    public void Deterministic_is_true_by_default()
    {
        Assert.Equal("true", WriteAndEvaluate(_dir, "App/App.csproj")["Deterministic"]);
    }

    [Fact]
    public void Deterministic_false_in_the_project_wins()
    {
        var project = WriteAndEvaluate(_dir, "App/App.csproj", "  <PropertyGroup><Deterministic>false</Deterministic></PropertyGroup>");

        Assert.Equal("false", project["Deterministic"]);
    }

    [Fact]
    public void Deterministic_false_in_Directory_Build_props_wins()
    {
        _dir.Write("Directory.Build.props", "<Project><PropertyGroup><Deterministic>false</Deterministic></PropertyGroup></Project>");

        Assert.Equal("false", WriteAndEvaluate(_dir, "App/App.csproj")["Deterministic"]);
    }

    [Fact]
    public void Outside_CI_HermeticCI_is_false_and_nothing_CI_only_is_set()
    {
        var project = WriteAndEvaluate(_dir, "App/App.csproj", overrides: new Dictionary<string, string> { ["CI"] = "false" });

        Assert.Equal("false", project["HermeticCI"]);
        Assert.Equal("", project["ContinuousIntegrationBuild"]);
        Assert.NotEqual("true", project["DeterministicSourcePaths"]);
    }

    [Theory]
    [InlineData("CI", "false")]
    [InlineData("CI", "False")]
    [InlineData("CI", "0")]
    [InlineData("CI", "")]
    public void A_CI_variable_that_says_no_is_not_CI(string variable, string value)
    {
        var project = WriteAndEvaluate(_dir, "App/App.csproj", overrides: new Dictionary<string, string> { [variable] = value });

        Assert.Equal("false", project["HermeticCI"]);
    }

    [Theory]
    [InlineData("CI", "true")]
    [InlineData("CI", "1")]
    [InlineData("TF_BUILD", "True")]
    [InlineData("GITHUB_ACTIONS", "true")]
    [InlineData("GITLAB_CI", "true")]
    [InlineData("JENKINS_URL", "https://jenkins.example.invalid/")]
    public void A_CI_environment_turns_on_HermeticCI_ContinuousIntegrationBuild_and_DeterministicSourcePaths(string variable, string value)
    {
        var project = WriteAndEvaluate(_dir, "App/App.csproj", overrides: new Dictionary<string, string> { [variable] = value });

        Assert.Equal("true", project["HermeticCI"]);
        Assert.Equal("true", project["ContinuousIntegrationBuild"]);
        Assert.Equal("true", project["DeterministicSourcePaths"]);
        Assert.StartsWith($"the environment variable {variable} ", project["HermeticCIReason"], StringComparison.Ordinal);
    }

    [Fact]
    public void ContinuousIntegrationBuild_in_the_project_body_maps_paths_but_is_not_CI_strictness()
    {
        var project = WriteAndEvaluate(_dir, "App/App.csproj",
            "  <PropertyGroup><ContinuousIntegrationBuild>true</ContinuousIntegrationBuild></PropertyGroup>");

        Assert.Equal("false", project["HermeticCI"]);
        Assert.Equal("true", project["DeterministicSourcePaths"]);
        // Its first build on a workstation writes its lock.
        Assert.Equal("true", project["RestorePackagesWithLockFile"]);
        Assert.Contains("no environment variable names a CI system", project["HermeticCIReason"], StringComparison.Ordinal);
    }

    [Fact]
    public void ContinuousIntegrationBuild_in_Directory_Build_props_is_kept_and_is_not_CI_strictness()
    {
        _dir.Write("Directory.Build.props", "<Project><PropertyGroup><ContinuousIntegrationBuild>true</ContinuousIntegrationBuild></PropertyGroup></Project>");

        var project = WriteAndEvaluate(_dir, "App/App.csproj");

        Assert.Equal("false", project["HermeticCI"]);
        Assert.Equal("true", project["ContinuousIntegrationBuild"]);
        Assert.Equal("true", project["DeterministicSourcePaths"]);
    }

    [Fact]
    public void ContinuousIntegrationBuild_true_on_the_command_line_is_CI()
    {
        var settable = SettableProperties.Except(["ContinuousIntegrationBuild"]).ToArray();
        var path = _dir.Write("App/App.csproj", ProjectText(localProperties: settable));

        var project = Evaluate(path, new Dictionary<string, string> { ["ContinuousIntegrationBuild"] = "true" }, hidden: settable);

        Assert.Equal("true", project["HermeticCI"]);
        Assert.Equal("true", project["ContinuousIntegrationBuild"]);
        Assert.Contains("ContinuousIntegrationBuild=true is a global property", project["HermeticCIReason"], StringComparison.Ordinal);
    }

    [Fact]
    public void HermeticCI_set_in_the_project_body_says_so()
    {
        var project = WriteAndEvaluate(_dir, "App/App.csproj", "  <PropertyGroup><HermeticCI>true</HermeticCI></PropertyGroup>");

        Assert.Equal("true", project["HermeticCI"]);
        Assert.Contains("the property HermeticCI is 'true'", project["HermeticCIReason"], StringComparison.Ordinal);
    }

    [Fact]
    public void ContinuousIntegrationBuild_false_in_CI_is_kept()
    {
        var project = WriteAndEvaluate(_dir, "App/App.csproj",
            "  <PropertyGroup><ContinuousIntegrationBuild>false</ContinuousIntegrationBuild></PropertyGroup>",
            new Dictionary<string, string> { ["CI"] = "true" });

        Assert.Equal("true", project["HermeticCI"]);
        Assert.Equal("false", project["ContinuousIntegrationBuild"]);
    }

    [Fact]
    public void HermeticCI_false_set_explicitly_wins_over_the_environment()
    {
        var path = _dir.Write("App/App.csproj", ProjectText());

        var project = Evaluate(path, new Dictionary<string, string> { ["CI"] = "true", ["HermeticCI"] = "false" },
            hidden: SettableProperties.Except(["HermeticCI"]));

        Assert.Equal("false", project["HermeticCI"]);
        Assert.Equal("", project["ContinuousIntegrationBuild"]);
    }

    [Fact]
    public void HermeticMode_Off_in_the_project_body_sets_no_CI_defaults_either()
    {
        var project = WriteAndEvaluate(_dir, "App/App.csproj",
            "  <PropertyGroup><HermeticMode>Off</HermeticMode></PropertyGroup>",
            new Dictionary<string, string> { ["CI"] = "true" });

        Assert.Equal("", project["ContinuousIntegrationBuild"]);
        Assert.Equal("", project["DeterministicSourcePaths"]);
    }

    [Fact]
    public void HermeticMode_Off_sets_no_CI_defaults_and_no_project_files()
    {
        _dir.Write("Directory.Build.props", "<Project><PropertyGroup><HermeticMode>Off</HermeticMode></PropertyGroup></Project>");

        var project = WriteAndEvaluate(_dir, "App/App.csproj", overrides: new Dictionary<string, string> { ["CI"] = "true" });

        Assert.Equal("Off", project["HermeticMode"]);
        Assert.Equal("", project["ContinuousIntegrationBuild"]);
        Assert.Empty(project.Items("HermeticProjectFile"));
    }

    [Fact]
    public void HermeticRoot_is_the_folder_of_global_json_with_a_trailing_separator()
    {
        _dir.Write("global.json", "{}");
        _dir.Write(".git/HEAD", "ref: refs/heads/main\n");

        var project = WriteAndEvaluate(_dir, "src/App/App.csproj");

        Assert.Equal(Dir(_dir.Path), project["_HermeticRoot"]);
        Assert.Equal(_dir.Combine("global.json"), project["HermeticGlobalJsonPath"]);
    }

    [Fact]
    public void The_nearest_global_json_decides()
    {
        _dir.Write("global.json", "{}");
        _dir.Write("src/global.json", "{}");

        var project = WriteAndEvaluate(_dir, "src/App/App.csproj");

        Assert.Equal(Dir(_dir.Combine("src")), project["HermeticRoot"]);
        Assert.Equal(_dir.Combine("src/global.json"), project["HermeticGlobalJsonPath"]);
    }

    [Fact]
    public void Without_global_json_HermeticRoot_is_the_git_work_tree()
    {
        _dir.Write(".git/HEAD", "ref: refs/heads/main\n");

        var project = WriteAndEvaluate(_dir, "src/App/App.csproj");

        Assert.Equal(Dir(_dir.Path), project["_HermeticRoot"]);
        Assert.Equal("", project["HermeticGlobalJsonPath"]);
    }

    [Fact]
    public void A_git_file_marks_a_worktree_root()
    {
        _dir.Write(".git", "gitdir: /elsewhere/.git/worktrees/x\n");

        var project = WriteAndEvaluate(_dir, "src/App/App.csproj");

        Assert.Equal(Dir(_dir.Path), project["_HermeticRoot"]);
    }

    [Fact]
    public void A_git_folder_without_HEAD_is_not_a_work_tree()
    {
        _dir.CreateDirectory(".git");

        var project = WriteAndEvaluate(_dir, "src/App/App.csproj");

        Assert.Equal(Dir(_dir.Combine("src/App")), project["HermeticRoot"]);
    }

    [Fact]
    public void Without_global_json_or_git_HermeticRoot_is_the_project_folder()
    {
        var project = WriteAndEvaluate(_dir, "src/App/App.csproj");

        Assert.Equal(Dir(_dir.Combine("src/App")), project["HermeticRoot"]);
        Assert.Equal("", project["HermeticGlobalJsonPath"]);
    }

    [Fact]
    public void HermeticRoot_set_in_Directory_Build_props_wins_and_is_normalized()
    {
        _dir.Write("global.json", "{}");
        _dir.Write("src/Directory.Build.props", "<Project><PropertyGroup><HermeticRoot>$(MSBuildThisFileDirectory)..</HermeticRoot></PropertyGroup></Project>");

        var project = WriteAndEvaluate(_dir, "src/App/App.csproj");

        Assert.Equal(Dir(_dir.Path), project["_HermeticRoot"]);
    }

    /// <summary>A global property cannot be normalized in place, so <c>-p:HermeticRoot=/repo</c>
    /// keeps its spelling; the targets use <c>_HermeticRoot</c>, which always ends with a separator
    /// (the compiler requires one on a SourceRoot, and <c>/repo</c> must not match <c>/repository</c>).</summary>
    [Fact]
    public void A_global_HermeticRoot_gets_its_trailing_separator()
    {
        var path = _dir.Write("src/App/App.csproj", ProjectText(localProperties: SettableProperties.Except(["HermeticRoot"])));

        var project = Evaluate(path, new Dictionary<string, string> { ["HermeticRoot"] = _dir.Path },
            hidden: SettableProperties.Except(["HermeticRoot"]));

        Assert.Equal(Dir(_dir.Path), project["_HermeticRoot"]);
    }

    /// <summary>Regression: the props look for '.git/HEAD' in every folder above before they look
    /// for a '.git' file, so a project in a submodule (or a worktree checked out inside the main
    /// clone) gets the outer repository as HermeticRoot, not its own work tree root.</summary>
    [Fact]
    public void The_nearest_git_work_tree_decides()
    {
        _dir.Write(".git/HEAD", "ref: refs/heads/main\n");
        _dir.Write("modules/lib/.git", "gitdir: ../../.git/modules/lib\n");

        var project = WriteAndEvaluate(_dir, "modules/lib/src/Lib/Lib.csproj");

        Assert.Equal(Dir(_dir.Combine("modules/lib")), project["HermeticRoot"]);
    }

    [Fact]
    public void HermeticHelpLinkBase_is_the_docs_diagnostics_folder_beside_the_sdk()
    {
        var project = WriteAndEvaluate(_dir, "App/App.csproj");

        var expected = Path.Combine(RepositoryRoot, "docs", "diagnostics") + Path.DirectorySeparatorChar;
        Assert.Equal(expected, project["HermeticHelpLinkBase"]);
        Assert.EndsWith($"docs{Path.DirectorySeparatorChar}diagnostics{Path.DirectorySeparatorChar}", project["HermeticHelpLinkBase"], StringComparison.Ordinal);
    }

    [Fact]
    public void HermeticBuildTasksAssembly_defaults_beside_the_sdk_folder()
    {
        var project = WriteAndEvaluate(_dir, "App/App.csproj");

        Assert.Equal(Path.Combine(RepositoryRoot, "tasks", "net10.0", "Hermetic.Build.Tasks.dll"), project["HermeticBuildTasksAssembly"]);
    }

    [Fact]
    public void HermeticProjectFile_lists_the_project_alone_without_directory_files()
    {
        var project = WriteAndEvaluate(_dir, "App/App.csproj");

        Assert.Equal([_dir.Combine("App/App.csproj")], project.Items("HermeticProjectFile"));
    }

    [Fact]
    public void HermeticProjectFile_lists_the_directory_files_in_evaluation_order()
    {
        _dir.Write("Directory.Build.props", "<Project />");
        _dir.Write("Directory.Build.targets", "<Project />");

        var project = WriteAndEvaluate(_dir, "src/App/App.csproj");

        Assert.Equal(
            [_dir.Combine("Directory.Build.props"), _dir.Combine("src/App/App.csproj"), _dir.Combine("Directory.Build.targets")],
            project.Items("HermeticProjectFile"));
    }

    [Fact]
    public void HermeticProjectFile_includes_Directory_Packages_props()
    {
        _dir.Write("Directory.Build.props", "<Project />");
        _dir.Write("Directory.Packages.props", "<Project><PropertyGroup><ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally></PropertyGroup></Project>");

        var project = WriteAndEvaluate(_dir, "src/App/App.csproj");

        Assert.Equal(
            [_dir.Combine("Directory.Build.props"), _dir.Combine("Directory.Packages.props"), _dir.Combine("src/App/App.csproj")],
            project.Items("HermeticProjectFile"));
    }

    [Fact]
    public void HermeticProjectFile_leaves_out_Directory_Build_props_when_its_import_is_off()
    {
        _dir.Write("Directory.Build.props", "<Project />");
        var path = _dir.Write("App/App.csproj", ProjectText());

        var project = Evaluate(path, new Dictionary<string, string> { ["ImportDirectoryBuildProps"] = "false" });

        Assert.Equal([path], project.Items("HermeticProjectFile"));
    }
}
