using Hermetic.Build.Tests.TestSupport;
using Hermetic.Build.EndToEnd.Tests.Infrastructure;

namespace Hermetic.Build.EndToEnd.Tests;

/// <summary>
/// The hermetic tool, installed from its package: `init` adopts a realistic repository (two
/// projects, one multi-targeting; Central Package Management; the `dotnet new gitignore` file;
/// ContinuousIntegrationBuild set in a project; a space in the path; packages from an
/// organisation feed outside the repository), then a local and a CI build are green, a fresh
/// clone builds, and a second init changes nothing; `doctor` and `diff` exit codes.
/// </summary>
public sealed class ToolTests
{
    private const string LibraryProject = """
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <TargetFrameworks>net10.0;netstandard2.0</TargetFrameworks>
          </PropertyGroup>
          <ItemGroup>
            <PackageReference Include="Org.Json" />
          </ItemGroup>
        </Project>
        """;

    private const string TestsProject = """
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <TargetFramework>net10.0</TargetFramework>
            <OutputType>Exe</OutputType>
            <ContinuousIntegrationBuild>true</ContinuousIntegrationBuild>
          </PropertyGroup>
          <ItemGroup>
            <ProjectReference Include="../../src/Lib/Lib.csproj" />
            <PackageReference Include="Org.Testing" />
          </ItemGroup>
        </Project>
        """;

    [Fact]
    public void Init_adopts_a_real_shaped_repository_that_then_builds_locally_in_CI_and_from_a_fresh_clone()
    {
        var (repository, environment) = RealShapedRepository("adopt");

        var dryRun = Hermetic(environment, repository, "init", "--dry-run");
        Assert.True(dryRun.ExitCode == 0, dryRun.ToString());
        Assert.Equal(string.Empty, Git(environment, repository, "status", "--porcelain").Output.Trim());

        var init = Hermetic(environment, repository, "init");
        Assert.True(init.ExitCode == 0, init.ToString());
        // The package init put in the vendor folder is the one packed beside the tool, byte for byte.
        var vendored = Directory.GetFiles(Path.Combine(repository, "vendor", "packages"), "hermetic.build.*.nupkg").Single();
        Assert.Equal(File.ReadAllBytes(HermeticTool.PackedSdkPackage), File.ReadAllBytes(vendored));
        Assert.Contains("Commit them", init.Output, StringComparison.Ordinal);
        Assert.Contains("hermetic.lock.json", init.Output, StringComparison.Ordinal);
        Git(environment, repository, "add", "-A");
        Assert.Equal(0, Git(environment, repository, "commit", "-q", "-m", "Build with Hermetic.Build").ExitCode);
        var tracked = Git(environment, repository, "ls-files").Output;
        Assert.Contains("src/Lib/packages.lock.json", tracked, StringComparison.Ordinal);
        Assert.Contains("tests/Lib.Tests/packages.lock.json", tracked, StringComparison.Ordinal);
        Assert.Contains("vendor/packages/hermetic.build.", tracked, StringComparison.Ordinal);
        Assert.Contains("vendor/packages/org.json.1.0.0.nupkg", tracked, StringComparison.Ordinal);

        var local = Dotnet(environment, repository, "build", "-nodeReuse:false");
        Assert.True(local.Process.ExitCode == 0, local.Process.ToString());
        Assert.DoesNotContain(local.Diagnostics, d => d.Code.StartsWith("HB", StringComparison.Ordinal));
        var ci = Dotnet(new Dictionary<string, string>(environment) { ["CI"] = "true" }, repository, "build", "-nodeReuse:false");
        Assert.True(ci.Process.ExitCode == 0, ci.Process.ToString());
        Assert.DoesNotContain(ci.Diagnostics, d => d.Code.StartsWith("HB", StringComparison.Ordinal));

        var again = Hermetic(environment, repository, "init");
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("Nothing to change", again.Output, StringComparison.Ordinal);
        Assert.Equal(string.Empty, Git(environment, repository, "status", "--porcelain").Output.Trim());

        var doctor = Hermetic(environment, repository, "doctor");
        Assert.True(doctor.ExitCode == 0, doctor.ToString());

        // sbom: each project's CycloneDX SBOM without packing, from the solution in the folder.
        var sboms = Path.Combine(Path.GetDirectoryName(repository)!, "sboms");
        var sbom = Hermetic(environment, repository, "sbom", "--output", sboms);
        Assert.True(sbom.ExitCode == 0, sbom.ToString());
        var librarySbom = Path.Combine(sboms, "Lib.1.0.0.cdx.json");
        SbomSchema.AssertValid(librarySbom);
        Assert.Contains("\"purl\":\"pkg:nuget/Org.Json@1.0.0\"", File.ReadAllText(librarySbom), StringComparison.Ordinal);

        // A fresh clone, another path, an empty packages folder: everything it needs is committed.
        var clone = Path.Combine(Path.GetDirectoryName(repository)!, "fresh clone");
        Assert.Equal(0, Git(environment, Path.GetDirectoryName(repository)!, "clone", "-q", repository, clone).ExitCode);
        var cloneEnvironment = new Dictionary<string, string>(environment) { ["CI"] = "true", ["NUGET_PACKAGES"] = Path.Combine(Path.GetDirectoryName(repository)!, "clone-packages") };
        var fresh = Dotnet(cloneEnvironment, clone, "build", "-nodeReuse:false");
        Assert.True(fresh.Process.ExitCode == 0, fresh.Process.ToString());

        // diff: a folder against its copy is identical; the local build's assembly against the clone's CI build differs, explained.
        var cloneOutput = Path.Combine(clone, "src", "Lib", "bin", "Debug", "net10.0");
        var copy = Path.Combine(Path.GetDirectoryName(repository)!, "output copy");
        CopyFolder(cloneOutput, copy);
        var same = Hermetic(environment, repository, "diff", cloneOutput, copy);
        Assert.True(same.ExitCode == 0, same.ToString());
        File.AppendAllText(Path.Combine(copy, "Lib.deps.json"), " ");
        var changed = Hermetic(environment, repository, "diff", cloneOutput, copy);
        Assert.True(changed.ExitCode == 1, changed.ToString());
        Assert.Contains("Lib.deps.json", changed.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Doctor_reports_what_a_repository_lacks_with_codes_and_diff_rejects_bad_input()
    {
        var (repository, environment) = RealShapedRepository("doctor");

        var doctor = Hermetic(environment, repository, "doctor");

        Assert.True(doctor.ExitCode == 1, doctor.ToString());
        Assert.Contains("HB1004", doctor.Output, StringComparison.Ordinal);
        Assert.Contains("HB2002", doctor.Output, StringComparison.Ordinal);
        Assert.Contains("HB2005", doctor.Output, StringComparison.Ordinal);
        Assert.Contains("CI mode: off", doctor.Output, StringComparison.Ordinal);
        Assert.Contains("tests/Lib.Tests/Lib.Tests.csproj sets ContinuousIntegrationBuild=true", doctor.Output, StringComparison.Ordinal);

        Assert.Equal(2, Hermetic(environment, repository, "diff", Path.Combine(repository, "missing"), Path.Combine(repository, "global.json")).ExitCode);
    }

    /// <summary>
    /// A repository as a team has it before Hermetic.Build: no global.json, no nuget.config (the
    /// machine's user-level config names the organisation feed, a folder outside the repository),
    /// Directory.Build.props of its own, Central Package Management, `dotnet new gitignore`.
    /// </summary>
    private static (string Repository, Dictionary<string, string> Environment) RealShapedRepository(string name)
    {
        var folder = TestRun.NewDirectory(name);
        var home = Directory.CreateDirectory(Path.Combine(folder, "home")).FullName;
        var feed = Path.Combine(folder, "org feed");
        FixturePackages.Pack(feed, "Org.Json", "1.0.0");
        FixturePackages.Pack(feed, "Org.Testing", "1.0.0");
        HermeticTool.CopyDownloadedPackage(feed, "NETStandard.Library", "2.0.3");
        HermeticTool.CopyDownloadedPackage(feed, "Microsoft.NETCore.Platforms", "1.1.0");
        Directory.CreateDirectory(Path.Combine(home, ".nuget", "NuGet"));
        File.WriteAllText(Path.Combine(home, ".nuget", "NuGet", "NuGet.Config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="org" value="{feed}" />
              </packageSources>
            </configuration>
            """);

        var environment = new Dictionary<string, string>(TestRun.Environment)
        {
            ["HOME"] = home,
            ["DOTNET_CLI_HOME"] = home,
            ["NUGET_PACKAGES"] = Path.Combine(folder, "packages"),
        };
        var repository = Directory.CreateDirectory(Path.Combine(folder, "my repo")).FullName;
        Assert.Equal(0, Git(environment, repository, "init", "-q", "-b", "main").ExitCode);
        Assert.Equal(0, ProcessRunner.Run("dotnet", ["new", "gitignore"], repository, environment).ExitCode);
        Write(repository, "Directory.Build.props", "<Project>\n  <PropertyGroup>\n    <LangVersion>latest</LangVersion>\n    <Nullable>enable</Nullable>\n  </PropertyGroup>\n</Project>\n");
        Write(repository, "Directory.Packages.props", """
            <Project>
              <PropertyGroup>
                <ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally>
              </PropertyGroup>
              <ItemGroup>
                <PackageVersion Include="Org.Json" Version="1.0.0" />
                <PackageVersion Include="Org.Testing" Version="1.0.0" />
              </ItemGroup>
            </Project>
            """);
        Write(repository, "src/Lib/Lib.csproj", LibraryProject);
        Write(repository, "src/Lib/Greeter.cs", "namespace Lib;\n\npublic static class Greeter\n{\n    public static string Hello() => \"hello\";\n}\n");
        Write(repository, "tests/Lib.Tests/Lib.Tests.csproj", TestsProject);
        Write(repository, "tests/Lib.Tests/Program.cs", "System.Console.WriteLine(Lib.Greeter.Hello());\n");
        Assert.Equal(0, ProcessRunner.Run("dotnet", ["new", "sln", "-n", "MyRepo"], repository, environment).ExitCode);
        var solution = Directory.GetFiles(repository, "MyRepo.sln*").Single();
        Assert.Equal(0, ProcessRunner.Run("dotnet", ["sln", solution, "add", "src/Lib/Lib.csproj", "tests/Lib.Tests/Lib.Tests.csproj"], repository, environment).ExitCode);
        Git(environment, repository, "add", "-A");
        Assert.Equal(0, Git(environment, repository, "commit", "-q", "-m", "A library and its tests").ExitCode);
        return (repository, environment);
    }

    private static ProcessResult Hermetic(Dictionary<string, string> environment, string repository, params string[] arguments) =>
        ProcessRunner.Run(HermeticTool.Command, arguments, repository, environment);

    private static BuildResult Dotnet(Dictionary<string, string> environment, string repository, params string[] arguments) =>
        new(ProcessRunner.Run("dotnet", arguments, repository, environment));

    private static ProcessResult Git(Dictionary<string, string> environment, string folder, params string[] arguments) =>
        ProcessRunner.Run("git", arguments, folder, environment);

    private static void Write(string repository, string relative, string content)
    {
        var path = Path.Combine(repository, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content.ReplaceLineEndings("\n"));
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
