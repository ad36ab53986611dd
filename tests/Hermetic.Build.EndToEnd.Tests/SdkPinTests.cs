using Hermetic.Build.EndToEnd.Tests.Infrastructure;

namespace Hermetic.Build.EndToEnd.Tests;

/// <summary>HB1004, HB1005 and the HB0001 of a global.json Hermetic.Build cannot trust.</summary>
public sealed class SdkPinTests
{
    [Fact]
    public void No_global_json_gives_HB1004_naming_the_project()
    {
        var repository = CheckScenarios.Violating("HB1004");

        var error = AssertBuild.FailsWith(repository.Build(), "HB1004");

        AssertBuild.NamesFile(error, repository.AppProject);
    }

    [Fact]
    public void A_global_json_without_sdk_version_gives_HB1004_naming_it()
    {
        var repository = TestRepository.Create("hb1004-noversion")
            .WriteFile("global.json", "{\n  \"sdk\": { \"rollForward\": \"latestFeature\" }\n}\n")
            .Commit("Unpinned");

        var error = AssertBuild.FailsWith(repository.Build(), "HB1004");

        AssertBuild.NamesFile(error, Path.Combine(repository.Root, "global.json"));
    }

    [Fact]
    public void Another_SDK_than_the_pinned_one_gives_HB1005_at_the_version_line()
    {
        var repository = CheckScenarios.Violating("HB1005");

        var error = AssertBuild.FailsWith(repository.Build(), "HB1005");

        AssertBuild.NamesFile(error, Path.Combine(repository.Root, "global.json"), line: 3);
        Assert.Contains(TestRun.SdkVersion, error.Message, StringComparison.Ordinal);
        Assert.Contains(CheckScenarios.OlderSdkVersion, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_pinned_SDK_passes()
    {
        AssertBuild.Succeeds(TestRepository.Create("sdkpin-ok").Build());
    }

    [Fact]
    public void A_global_json_the_check_cannot_read_gives_HB0001_naming_it()
    {
        var repository = TestRepository.Create("hb0001-globaljson")
            .WriteFile("global.json", "{\n  \"sdk\": {\n    \"version\": 10\n  }\n}\n")
            .Commit("Malformed pin");

        var error = AssertBuild.FailsWith(repository.Build(), "HB0001");

        AssertBuild.NamesFile(error, Path.Combine(repository.Root, "global.json"), line: 3);
        Assert.Contains("SDK pin", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HB0001_stays_an_error_in_Audit_mode_and_as_a_warning_code()
    {
        var repository = TestRepository.Create("hb0001-audit",
                projectProperties: "<HermeticMode>Audit</HermeticMode><HermeticWarningCodes>HB0001</HermeticWarningCodes>")
            .WriteFile("global.json", "{\n  \"sdk\": {\n    \"version\": [\"10.0.100\"]\n  }\n}\n")
            .Commit("Malformed pin");

        AssertBuild.NamesFile(AssertBuild.FailsWith(repository.Build(), "HB0001"), Path.Combine(repository.Root, "global.json"), line: 3);
    }
}
