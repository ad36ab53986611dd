namespace Hermetic.Build.EndToEnd.Tests.Infrastructure;

/// <summary>How a throwaway repository switches Hermetic.Build on (README, "Switching it on").</summary>
public enum Activation
{
    /// <summary><c>&lt;Sdk Name="Hermetic.Build" Version="V" /&gt;</c> in the project.</summary>
    SdkElementWithVersion,

    /// <summary>global.json <c>msbuild-sdks</c> plus <c>&lt;Sdk Name="Hermetic.Build" /&gt;</c>.</summary>
    GlobalJsonMSBuildSdks,

    /// <summary>Directory.Build.props/targets import Sdk.props/Sdk.targets from the package.</summary>
    DirectoryBuildImports,
}

/// <summary>
/// A throwaway git repository that follows every rule Hermetic.Build enforces: global.json pins
/// the running SDK, nuget.config clears all sources and names one feed folder inside the
/// repository (holding the freshly packed Hermetic.Build), one console project <c>app/</c>.
/// </summary>
public sealed class TestRepository
{
    private readonly Dictionary<string, string> _environment;

    private TestRepository(string root, Dictionary<string, string> environment)
    {
        Root = root;
        _environment = environment;
    }

    public string Root { get; }

    public Activation Activation { get; private set; }

    public string AppProject => Path.Combine(Root, "app", "app.csproj");

    public static TestRepository Create(string name, Activation activation = Activation.SdkElementWithVersion,
        string projectProperties = "", string? sdkVersion = null)
    {
        var repository = new TestRepository(TestRun.NewDirectory(name), new Dictionary<string, string>(TestRun.Environment))
        {
            Activation = activation,
        };
        repository
            .WriteFile("global.json", GlobalJson(sdkVersion ?? TestRun.SdkVersion, activation == Activation.GlobalJsonMSBuildSdks || activation == Activation.DirectoryBuildImports))
            .WriteFile("nuget.config", """
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <clear />
                    <add key="local" value="feed" />
                  </packageSources>
                </configuration>
                """)
            .WriteFile(".gitignore", "bin/\nobj/\n")
            .WriteFile("hermetic.lock.json", HermeticLockJson("app/app.csproj"))
            .WriteFile("app/Program.cs", "System.Console.WriteLine(\"Hello, hermetic world.\");\n")
            .WriteFile("app/app.csproj", Project(activation, projectProperties));
        File.Copy(TestRun.PackagePath, Path.Combine(Directory.CreateDirectory(Path.Combine(repository.Root, "feed")).FullName, Path.GetFileName(TestRun.PackagePath)));
        if (activation == Activation.DirectoryBuildImports)
        {
            repository
                .WriteFile("Directory.Build.props", """<Project><Import Project="Sdk.props" Sdk="Hermetic.Build" /></Project>""")
                .WriteFile("Directory.Build.targets", """<Project><Import Project="Sdk.targets" Sdk="Hermetic.Build" /></Project>""");
        }

        repository.Git("init", "-q", "-b", "main");
        return repository.Commit("Initial commit");
    }

    /// <summary>A global.json pinning <paramref name="sdkVersion"/>; "version" is on line 3.</summary>
    public static string GlobalJson(string sdkVersion, bool withMSBuildSdks, string rollForward = "disable")
    {
        var sdks = withMSBuildSdks ? $",\n  \"msbuild-sdks\": {{ \"Hermetic.Build\": \"{TestRun.PackageVersion}\" }}" : string.Empty;
        return $"{{\n  \"sdk\": {{\n    \"version\": \"{sdkVersion}\",\n    \"rollForward\": \"{rollForward}\"\n  }}{sdks}\n}}\n";
    }

    /// <summary>hermetic.lock.json locking the packed Hermetic.Build (an MSBuild SDK package) for the given projects.</summary>
    public static string HermeticLockJson(params string[] projects)
    {
        var list = string.Join(",\n", projects.Order(StringComparer.Ordinal).Select(p => $"        \"{p}\""));
        return $$"""
            {
              "version": 1,
              "packages": [
                {
                  "id": "Hermetic.Build",
                  "version": "{{TestRun.PackageVersion}}",
                  "kind": "sdk",
                  "contentHash": "{{FixturePackages.UnsignedContentHash(TestRun.PackagePath)}}",
                  "projects": [
            {{list}}
                  ]
                }
              ]
            }

            """;
    }

    /// <summary>The console project, with Hermetic.Build switched on the given way.</summary>
    public static string Project(Activation activation, string properties = "", string targetFramework = "<TargetFramework>net10.0</TargetFramework>")
    {
        var sdk = activation switch
        {
            Activation.SdkElementWithVersion => $"""  <Sdk Name="Hermetic.Build" Version="{TestRun.PackageVersion}" />""",
            Activation.GlobalJsonMSBuildSdks => """  <Sdk Name="Hermetic.Build" />""",
            _ => string.Empty,
        };
        return $"""
            <Project Sdk="Microsoft.NET.Sdk">
            {sdk}
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                {targetFramework}
                {properties}
              </PropertyGroup>
            </Project>
            """;
    }

    public TestRepository WriteFile(string relativePath, string content)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content.ReplaceLineEndings("\n"));
        return this;
    }

    public TestRepository DeleteFile(string relativePath)
    {
        File.Delete(Path.Combine(Root, relativePath));
        return this;
    }

    public TestRepository WithEnvironment(string name, string? value)
    {
        if (value is null)
        {
            _environment.Remove(name);
        }
        else
        {
            _environment[name] = value;
        }

        return this;
    }

    public TestRepository Commit(string message)
    {
        Git("add", "-A");
        Git("commit", "-q", "--allow-empty", "-m", message);
        return this;
    }

    /// <summary>A fresh clone of this repository at <paramref name="path"/> (same environment).</summary>
    public TestRepository CloneTo(string path)
    {
        Git("clone", "-q", Root, path);
        return new TestRepository(path, new Dictionary<string, string>(_environment)) { Activation = Activation };
    }

    /// <summary><c>dotnet build</c> of the app project (or the given path), no node reuse.</summary>
    public BuildResult Build(params string[] arguments) => DotNet(["build", AppProject, .. arguments]);

    /// <summary>Runs <c>dotnet</c> in the repository root with the clean environment.</summary>
    public BuildResult DotNet(params string[] arguments) =>
        Run("dotnet", [.. arguments, "-nodeReuse:false", .. arguments.Any(a => a.StartsWith("-v:", StringComparison.Ordinal)) ? Array.Empty<string>() : ["-v:m"]]);

    /// <summary>Runs any program in the repository root with the clean environment.</summary>
    public BuildResult Run(string program, params string[] arguments) =>
        new(ProcessRunner.Run(program, arguments, Root, _environment));

    public ProcessResult Git(params string[] arguments)
    {
        var result = ProcessRunner.Run("git", arguments, Root, _environment);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException("git failed." + Environment.NewLine + result);
        }

        return result;
    }
}
