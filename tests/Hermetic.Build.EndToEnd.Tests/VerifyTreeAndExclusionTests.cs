using System.Text.Json;
using Hermetic.Build.EndToEnd.Tests.Infrastructure;

namespace Hermetic.Build.EndToEnd.Tests;

/// <summary>
/// VerifyHermetic, end to end: a build that rewrites a committed file fails with HB3004 naming it
/// and its first changed line; a repository's own HermeticVerifyExclude leaves a file that differs
/// by design out of the comparison and the manifest, listed with its reason; an exclusion without
/// a reason fails closed; a report without generators says "none declared"; a library and its xunit
/// test project with Microsoft.NET.Test.Sdk and coverlet pass, the coverage source-root maps listed.
/// </summary>
public sealed class VerifyTreeAndExclusionTests
{
    private static BuildResult Verify(TestRepository repository, params string[] arguments) =>
        repository.DotNet(["msbuild", repository.AppProject, "-t:VerifyHermetic", .. arguments]);

    private static JsonElement ReadReport(TestRepository repository) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(repository.Root, "artifacts", "hermetic", "verify.json"))).RootElement;

    private static string Check(JsonElement report, string name) =>
        report.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name).GetProperty("result").GetString()!;

    [Fact]
    public void A_build_that_rewrites_a_committed_file_fails_with_HB3004_naming_it_and_the_line()
    {
        var repository = TestRepository.Create("verify-rewrite", projectProperties: "</PropertyGroup>\n" + """
              <Target Name="Regenerate" BeforeTargets="CoreCompile">
                <WriteLinesToFile File="$(MSBuildProjectDirectory)/Version.generated.cs" Lines="static class Version { public const string Value = &quot;2&quot;%3B }" Overwrite="true" />
              </Target>
              <PropertyGroup>
            """)
            .WriteFile("app/Version.generated.cs", "static class Version { public const string Value = \"1\"; }\n")
            .Commit("A committed file the build regenerates");

        var result = Verify(repository);

        var error = AssertBuild.FailsWith(result, "HB3004");
        Assert.Contains("'app/Version.generated.cs'", error.Message, StringComparison.Ordinal);
        Assert.Contains("line 1", error.Message, StringComparison.Ordinal);
        AssertBuild.NamesFile(error, Path.Combine(repository.Root, "app", "Version.generated.cs"), line: 1);
        var report = ReadReport(repository);
        Assert.Equal("failed", report.GetProperty("result").GetString());
        Assert.Equal("failed", Check(report, "tracked files A"));
        Assert.Contains(report.GetProperty("differences").EnumerateArray(),
            d => d.GetProperty("code").GetString() == "HB3004" && d.GetProperty("file").GetString() == "app/Version.generated.cs");
    }

    [Fact]
    public void A_file_excluded_with_a_reason_is_listed_not_compared_and_the_report_says_no_generator_is_declared()
    {
        // The build writes a random value next to the assembly: HB3002, unless the repository excludes it.
        var repository = TestRepository.Create("verify-exclude", projectProperties: "</PropertyGroup>\n" + """
              <Target Name="WriteNonce" AfterTargets="CopyFilesToOutputDirectory">
                <Exec Command="od -An -N8 -tx8 /dev/urandom &gt; $(OutDir)nonce.txt" />
                <ItemGroup>
                  <FileWrites Include="$(OutDir)nonce.txt" />
                </ItemGroup>
              </Target>
              <ItemGroup>
                <HermeticVerifyExclude Include="$([MSBuild]::Escape('app/bin/**/nonce.txt'))" Reason="a nonce for the local test runner; never shipped" />
              </ItemGroup>
              <PropertyGroup>
            """);

        var result = Verify(repository);

        AssertBuild.Succeeds(result);
        Assert.Empty(result.Errors("HB3002"));
        var report = ReadReport(repository);
        var excluded = Assert.Single(report.GetProperty("excluded").EnumerateArray());
        Assert.Equal("app/bin/Debug/net10.0/nonce.txt", excluded.GetProperty("path").GetString());
        Assert.Contains("a nonce for the local test runner", excluded.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(report.GetProperty("filesCompared").EnumerateArray(), f => f.GetProperty("path").GetString()!.EndsWith("nonce.txt", StringComparison.Ordinal));
        Assert.Equal("none declared", Check(report, "generators"));
        Assert.Equal("none declared", Check(report, "baseline"));
        Assert.Equal("passed", Check(report, "tracked files A"));
        var markdown = File.ReadAllText(Path.Combine(repository.Root, "artifacts", "hermetic", "verify.md"));
        Assert.Contains("`app/bin/Debug/net10.0/nonce.txt`", markdown, StringComparison.Ordinal);
        Assert.Contains("| generators | none declared |", markdown, StringComparison.Ordinal);

        // The manifest leaves it out the same way, so both copies' manifests agree (compared above).
        AssertBuild.Succeeds(repository.Build());
        var manifest = File.ReadAllText(Path.Combine(repository.Root, "app", "bin", "Debug", "net10.0", "app.hermetic.json"));
        Assert.DoesNotContain("nonce.txt", manifest, StringComparison.Ordinal);
        Assert.Contains("app.dll", manifest, StringComparison.Ordinal);
    }

    [Fact]
    public void An_exclusion_without_a_reason_fails_with_HB0001_naming_it()
    {
        var repository = TestRepository.Create("verify-exclude-no-reason", projectProperties: "</PropertyGroup>\n" + """
              <ItemGroup>
                <HermeticVerifyExclude Include="app/notes.txt" />
              </ItemGroup>
              <PropertyGroup>
            """);

        var result = repository.Build();

        var error = AssertBuild.FailsWith(result, "HB0001");
        Assert.Contains("'app/notes.txt' has no Reason", error.Message, StringComparison.Ordinal);
    }

    /// <summary>The packages of a standard xunit test project with coverage, as the test project downloaded them.</summary>
    private static readonly (string Id, string Version)[] TestProjectPackages =
    [
        ("Microsoft.NET.Test.Sdk", "18.0.1"), ("Microsoft.CodeCoverage", "18.0.1"), ("Microsoft.TestPlatform.TestHost", "18.0.1"),
        ("Microsoft.TestPlatform.ObjectModel", "18.0.1"), ("Newtonsoft.Json", "13.0.3"), ("coverlet.collector", "6.0.4"),
        ("xunit", "2.9.3"), ("xunit.core", "2.9.3"), ("xunit.assert", "2.9.3"), ("xunit.analyzers", "1.18.0"), ("xunit.abstractions", "2.0.3"),
        ("xunit.extensibility.core", "2.9.3"), ("xunit.extensibility.execution", "2.9.3"), ("xunit.runner.visualstudio", "3.1.5"),
    ];

    [Fact]
    public void A_library_and_its_xunit_test_project_with_coverage_pass_with_the_source_root_maps_listed_with_their_reasons()
    {
        var repository = TestRepository.Create("verify-xunit")
            .WriteFile("app/app.csproj", TestRepository.Project(Activation.SdkElementWithVersion).Replace("<OutputType>Exe</OutputType>", string.Empty, StringComparison.Ordinal))
            .WriteFile("app/Program.cs", "namespace App;\n\npublic static class Greeting\n{\n    public static string Text => \"Hello\";\n}\n")
            .WriteFile("tests/app.tests/app.tests.csproj", $$"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <Sdk Name="Hermetic.Build" Version="{{TestRun.PackageVersion}}" />
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                    <IsPackable>false</IsPackable>
                    <RestorePackagesWithLockFile>true</RestorePackagesWithLockFile>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="Microsoft.NET.Test.Sdk" Version="18.0.1" />
                    <PackageReference Include="xunit" Version="2.9.3" />
                    <PackageReference Include="xunit.runner.visualstudio" Version="3.1.5" />
                    <PackageReference Include="coverlet.collector" Version="6.0.4" />
                    <ProjectReference Include="../../app/app.csproj" />
                  </ItemGroup>
                </Project>
                """)
            .WriteFile("tests/app.tests/GreetingTests.cs", "public class GreetingTests\n{\n    [Xunit.Fact]\n    public void Greets() => Xunit.Assert.Equal(\"Hello\", App.Greeting.Text);\n}\n")
            .WriteFile("hermetic.lock.json", TestRepository.HermeticLockJson("app/app.csproj", "tests/app.tests/app.tests.csproj"));
        foreach (var (id, version) in TestProjectPackages)
        {
            HermeticTool.CopyDownloadedPackage(Path.Combine(repository.Root, "feed"), id, version);
        }

        var testProject = Path.Combine(repository.Root, "tests", "app.tests", "app.tests.csproj");
        var restored = repository.DotNet("restore", testProject);
        Assert.True(restored.ExitCode == 0, restored.ToString());
        repository.Commit("A library and its xunit test project with coverage");

        var result = repository.DotNet("msbuild", testProject, "-t:VerifyHermetic");

        AssertBuild.Succeeds(result);
        var report = ReadReport(repository);
        Assert.Equal("passed", report.GetProperty("result").GetString());
        var excluded = report.GetProperty("excluded").EnumerateArray()
            .ToDictionary(e => e.GetProperty("path").GetString()!, e => e.GetProperty("reason").GetString()!);
        Assert.Contains("Microsoft.CodeCoverage", excluded["tests/app.tests/bin/Debug/net10.0/.msCoverageSourceRootsMapping_app.tests"], StringComparison.Ordinal);
        Assert.Contains("coverlet.collector", excluded["tests/app.tests/bin/Debug/net10.0/CoverletSourceRootsMapping_app.tests"], StringComparison.Ordinal);
        Assert.Equal(2, excluded.Count);
        Assert.Contains(report.GetProperty("filesCompared").EnumerateArray(),
            f => f.GetProperty("path").GetString() == "tests/app.tests/bin/Debug/net10.0/app.dll" && f.GetProperty("identical").GetBoolean());
        var markdown = File.ReadAllText(Path.Combine(repository.Root, "artifacts", "hermetic", "verify.md"));
        Assert.Contains("`tests/app.tests/bin/Debug/net10.0/CoverletSourceRootsMapping_app.tests`", markdown, StringComparison.Ordinal);
    }
}
