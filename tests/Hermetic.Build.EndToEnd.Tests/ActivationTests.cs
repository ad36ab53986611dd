using Hermetic.Build.EndToEnd.Tests.Infrastructure;

namespace Hermetic.Build.EndToEnd.Tests;

/// <summary>README, "Switching it on": each activation form switches Hermetic.Build on with nothing else to set up.</summary>
public sealed class ActivationTests
{
    [Theory]
    [InlineData(Activation.SdkElementWithVersion)]
    [InlineData(Activation.GlobalJsonMSBuildSdks)]
    [InlineData(Activation.DirectoryBuildImports)]
    public void A_correct_project_builds_clean(Activation activation)
    {
        var repository = TestRepository.Create("activation-clean", activation);

        var result = repository.Build();

        AssertBuild.Succeeds(result);
    }

    [Theory]
    [InlineData(Activation.SdkElementWithVersion)]
    [InlineData(Activation.GlobalJsonMSBuildSdks)]
    [InlineData(Activation.DirectoryBuildImports)]
    public void The_checks_run(Activation activation)
    {
        var repository = TestRepository.Create("activation-active", activation, "<Deterministic>false</Deterministic>");

        var result = repository.Build();

        AssertBuild.NamesFile(AssertBuild.FailsWith(result, "HB3001"), repository.AppProject, line: 6);
    }
}
