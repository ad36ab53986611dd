using Hermetic.Build.EndToEnd.Tests.Infrastructure;

namespace Hermetic.Build.EndToEnd.Tests;

/// <summary>For each code of the foundation, a repository that violates it, given extra project properties.</summary>
public static class CheckScenarios
{
    public static TheoryData<string> Codes => new() { "HB1004", "HB1005", "HB3001", "HB3003" };

    /// <summary>A differing SDK version that the dotnet host still accepts (it rolls forward to the installed one).</summary>
    public static string OlderSdkVersion
    {
        get
        {
            var parts = TestRun.SdkVersion.Split('.');
            var older = $"{parts[0]}.{parts[1]}.100";
            return older != TestRun.SdkVersion
                ? older
                : throw new InvalidOperationException($"The running SDK {TestRun.SdkVersion} is the first of its band: install a later one to run this test.");
        }
    }

    public static TestRepository Violating(string code, string properties = "")
    {
        switch (code)
        {
            case "HB1004":
                return TestRepository.Create("hb1004", projectProperties: properties).DeleteFile("global.json").Commit("No global.json");
            case "HB1005":
                return TestRepository.Create("hb1005", projectProperties: properties)
                    .WriteFile("global.json", TestRepository.GlobalJson(OlderSdkVersion, withMSBuildSdks: false, rollForward: "latestFeature"))
                    .Commit("Pin another SDK");
            case "HB3001":
                return TestRepository.Create("hb3001", projectProperties: "<Deterministic>false</Deterministic>" + properties);
            case "HB3003":
                return TestRepository.Create("hb3003", projectProperties: "<BuildStamp>$([System.DateTime]::UtcNow.ToString('yyyyMMdd'))</BuildStamp>" + properties);
            default:
                throw new ArgumentOutOfRangeException(nameof(code), code, null);
        }
    }
}
