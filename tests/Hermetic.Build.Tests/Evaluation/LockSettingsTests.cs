using Hermetic.Build.Tests.TestSupport;
using static Hermetic.Build.Tests.Evaluation.SdkEvaluation;

namespace Hermetic.Build.Tests.Evaluation;

/// <summary>Where Hermetic.Build looks for a project's lock, as NuGet does, and which inner build
/// of a multi-targeted project records its restore: evaluated from sdk/.</summary>
public sealed class LockSettingsTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void The_lock_is_packages_lock_json_beside_the_project_by_default()
    {
        var project = WriteAndEvaluate(_dir, "My App/My App.csproj");

        Assert.Equal(_dir.Combine("My App/packages.lock.json"), project["_HermeticPackagesLockFile"]);
    }

    [Fact]
    public void A_packages_project_lock_json_that_exists_is_the_lock_with_spaces_as_underscores()
    {
        _dir.Write("My App/packages.My_App.lock.json", "{}");

        var project = WriteAndEvaluate(_dir, "My App/My App.csproj");

        Assert.Equal(_dir.Combine("My App/packages.My_App.lock.json"), project["_HermeticPackagesLockFile"]);
    }

    [Theory]
    [InlineData("locks/app.lock.json", "App/locks/app.lock.json")]
    [InlineData("../shared.lock.json", "shared.lock.json")]
    public void NuGetLockFilePath_wins_relative_to_the_project(string setting, string expected)
    {
        _dir.Write("App/packages.App.lock.json", "{}");

        var project = WriteAndEvaluate(_dir, "App/App.csproj", $"  <PropertyGroup><NuGetLockFilePath>{setting}</NuGetLockFilePath></PropertyGroup>");

        Assert.Equal(_dir.Combine(expected), project["_HermeticPackagesLockFile"]);
    }

    [Theory]
    [InlineData(" net10.0 ; net9.0 ", "net10.0", "true")]
    [InlineData("net9.0;net10.0;", "net10.0", "")]
    [InlineData("net10.0", "net10.0", "true")]
    public void Of_the_inner_builds_only_the_first_framework_records_the_restore(string frameworks, string framework, string recorder)
    {
        var project = WriteAndEvaluate(_dir, "App/App.csproj",
            $"  <PropertyGroup><TargetFrameworks>{frameworks}</TargetFrameworks><TargetFramework>{framework}</TargetFramework></PropertyGroup>");

        Assert.Equal(recorder, project["_HermeticRestoreRecorder"]);
    }
}
