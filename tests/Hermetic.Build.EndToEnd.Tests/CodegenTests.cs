using Hermetic.Build.EndToEnd.Tests.Infrastructure;

namespace Hermetic.Build.EndToEnd.Tests;

/// <summary>
/// Deterministic code generation end to end (docs/codegen.md): a generator script in tools/ and a
/// HermeticGenerate item; HermeticGenerate writes output and stamp; builds check the stamp without
/// running the generator (HB4001); unpinned generators (HB4003); two runs compared (HB4002).
/// </summary>
public sealed class CodegenTests
{

    /// <summary>Writes Names.cs from the input file; every run appends a line to gen-runs.log at
    /// the repository root (outside the output), which proves when it ran.</summary>
    private const string NamesGenerator = """
        #!/bin/sh
        set -e
        echo run >> ../gen-runs.log
        printf 'namespace Generated;\n\npublic static class Names\n{\n    public const string All = "%s";\n}\n' "$(cat "$1")" > "$2/Names.cs"
        """;

    private const string RandomGenerator = """
        #!/bin/sh
        printf 'namespace Generated;\n\npublic static class Seed\n{\n    public const string Value = "%s";\n}\n' "$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')" > "$1/Seed.cs"
        """;

    private static string Item(string name, string command, string inputs = "", string output = "Generated") => $"""
          <ItemGroup>
            <HermeticGenerate Include="{name}">
              <Command>{command}</Command>
              <Inputs>{inputs}</Inputs>
              <OutputDirectory>{output}</OutputDirectory>
            </HermeticGenerate>
          </ItemGroup>
        """;

    private static TestRepository WithGenerator(string name, string item, string program = "System.Console.WriteLine(Generated.Names.All);\n")
    {
        var project = TestRepository.Project(Activation.SdkElementWithVersion).Replace("</Project>", item + "\n</Project>", StringComparison.Ordinal);
        return TestRepository.Create(name)
            .WriteFile(".gitignore", "bin/\nobj/\ngen-runs.log\n")
            .WriteFile("tools/gen.sh", NamesGenerator)
            .WriteFile("tools/random.sh", RandomGenerator)
            .WriteFile("app/names.txt", "Ada, Grace and Barbara")
            .WriteFile("app/Program.cs", program)
            .WriteFile("app/app.csproj", project)
            .Commit("A generator");
    }

    private static BuildResult Generate(TestRepository repository, params string[] arguments) =>
        repository.DotNet(["msbuild", "app/app.csproj", "-t:HermeticGenerate", .. arguments]);

    private static BuildResult VerifyGenerate(TestRepository repository) =>
        repository.DotNet("msbuild", "app/app.csproj", "-t:HermeticVerifyGenerate");

    private static int Runs(TestRepository repository)
    {
        var log = Path.Combine(repository.Root, "gen-runs.log");
        return File.Exists(log) ? File.ReadAllLines(log).Length : 0;
    }

    [Fact]
    public void HermeticGenerate_writes_output_and_stamp_and_builds_pass_without_running_the_generator()
    {
        var repository = WithGenerator("codegen-flow", Item("Names", "sh ../tools/gen.sh names.txt {output}", "names.txt"));

        // Nothing generated yet: the stamp is missing.
        var before = repository.Build();
        AssertBuild.NamesFile(AssertBuild.FailsWith(before, "HB4001"), repository.AppProject);
        Assert.Contains("dotnet msbuild app/app.csproj -t:HermeticGenerate", before.Output, StringComparison.Ordinal);
        Assert.Equal(0, Runs(repository));

        var generate = Generate(repository);
        Assert.True(generate.ExitCode == 0, generate.ToString());
        Assert.Empty(generate.Hermetic);
        Assert.Equal(1, Runs(repository));
        Assert.Contains("public const string All = \"Ada, Grace and Barbara\";", File.ReadAllText(Path.Combine(repository.Root, "app", "Generated", "Names.cs")), StringComparison.Ordinal);
        var stamp = File.ReadAllText(Path.Combine(repository.Root, "app", "app.hermetic-generate.json"));
        Assert.Contains("\"path\": \"names.txt\"", stamp, StringComparison.Ordinal);
        Assert.Contains("\"path\": \"../tools/gen.sh\"", stamp, StringComparison.Ordinal);
        Assert.DoesNotContain(repository.Root, stamp, StringComparison.Ordinal);
        repository.Commit("Generate");

        var build = repository.Build();
        AssertBuild.Succeeds(build);
        // The generators' check is behind the gate like every other check: skipped, nothing hashed.
        var noOp = repository.Build("-v:d");
        AssertBuild.SkippedTheChecks(noOp);
        Assert.DoesNotContain("Task \"Hermetic.Build.Codegen.", noOp.Output, StringComparison.Ordinal);
        Assert.Equal(1, Runs(repository)); // builds never run the generator

        var verify = VerifyGenerate(repository);
        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Empty(verify.Hermetic);
        Assert.Equal(3, Runs(repository));

        // A second HermeticGenerate rewrites nothing: the repository stays clean.
        Assert.Equal(0, Generate(repository).ExitCode);
        Assert.Equal(string.Empty, repository.Git("status", "--porcelain").Output.Trim());
    }

    [Fact]
    public void Every_drift_of_the_committed_output_is_HB4001_naming_the_file()
    {
        var repository = WithGenerator("codegen-drift", Item("Names", "sh ../tools/gen.sh names.txt {output}", "names.txt"));
        Assert.Equal(0, Generate(repository).ExitCode);
        repository.Commit("Generate");
        AssertBuild.Succeeds(repository.Build());
        var generated = Path.Combine(repository.Root, "app", "Generated", "Names.cs");

        // The input changed.
        repository.WriteFile("app/names.txt", "Edsger");
        var input = AssertBuild.FailsWith(repository.Build(), "HB4001");
        AssertBuild.NamesFile(input, Path.Combine(repository.Root, "app", "names.txt"));
        Assert.Contains("The input 'names.txt' of generator 'Names' changed", input.Message, StringComparison.Ordinal);
        repository.Git("checkout", "--", ".");
        AssertBuild.Succeeds(repository.Build());

        // A generated file edited by hand.
        File.AppendAllText(generated, "// a hand edit\n");
        var edit = AssertBuild.FailsWith(repository.Build(), "HB4001");
        AssertBuild.NamesFile(edit, generated);
        Assert.Contains("was edited", edit.Message, StringComparison.Ordinal);
        repository.Git("checkout", "--", ".");

        // A file added to the output folder.
        repository.WriteFile("app/Generated/Extra.cs", "namespace Generated;\n\npublic static class Extra { }\n");
        AssertBuild.NamesFile(AssertBuild.FailsWith(repository.Build(), "HB4001"), Path.Combine(repository.Root, "app", "Generated", "Extra.cs"));
        repository.DeleteFile("app/Generated/Extra.cs");
        AssertBuild.Succeeds(repository.Build());

        // A generated file removed (Program.cs no longer uses it, so only HB4001 fails the build).
        repository.WriteFile("app/Program.cs", "System.Console.WriteLine(\"no names\");\n").DeleteFile("app/Generated/Names.cs");
        var removed = AssertBuild.FailsWith(repository.Build(), "HB4001");
        Assert.Contains("The generated file 'Generated/Names.cs' of generator 'Names' was removed", removed.Message, StringComparison.Ordinal);
        repository.Git("checkout", "--", ".");

        // The generator itself changed.
        repository.WriteFile("tools/gen.sh", NamesGenerator + "\n# a changed generator\n");
        AssertBuild.NamesFile(AssertBuild.FailsWith(repository.Build(), "HB4001"), Path.Combine(repository.Root, "tools", "gen.sh"));

        // Regenerating fixes it.
        Assert.Equal(0, Generate(repository).ExitCode);
        AssertBuild.Succeeds(repository.Build());
    }

    [Fact]
    public void A_curl_generator_is_HB4003_at_every_build_and_is_never_run()
    {
        var repository = WithGenerator("codegen-curl",
            Item("Names", "curl -sSf -o {output}/Names.cs https://gen.example.invalid/names.cs"), "System.Console.WriteLine(1);\n");

        var build = repository.Build();
        var error = AssertBuild.FailsWith(build, "HB4003");
        AssertBuild.NamesFile(error, repository.AppProject, line: 9);
        Assert.Contains("'curl' is a program of this machine", error.Message, StringComparison.Ordinal);

        var generate = Generate(repository);
        AssertBuild.FailsWith(generate, "HB4003");
        Assert.DoesNotContain("running generator", generate.Output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(repository.Root, "app", "Generated")));

        // A repository script that downloads is no better.
        repository
            .WriteFile("tools/fetch.sh", "#!/bin/sh\nset -e\ncurl -sSf -o \"$1/Names.cs\" https://gen.example.invalid/names.cs\n")
            .WriteFile("app/app.csproj", TestRepository.Project(Activation.SdkElementWithVersion)
                .Replace("</Project>", Item("Names", "sh ../tools/fetch.sh {output}") + "\n</Project>", StringComparison.Ordinal));
        var script = AssertBuild.FailsWith(repository.Build(), "HB4003");
        Assert.Contains("the script '../tools/fetch.sh' runs 'curl -sSf -o", script.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_random_generator_passes_HermeticGenerate_but_two_runs_give_HB4002()
    {
        var repository = WithGenerator("codegen-random", Item("Seed", "sh ../tools/random.sh {output}"), "System.Console.WriteLine(Generated.Seed.Value);\n");

        var generate = Generate(repository);
        Assert.True(generate.ExitCode == 0, generate.ToString());
        repository.Commit("Generate");
        AssertBuild.Succeeds(repository.Build());

        var verify = VerifyGenerate(repository);
        var error = AssertBuild.FailsWith(verify, "HB4002");
        AssertBuild.NamesFile(error, Path.Combine(repository.Root, "app", "Generated", "Seed.cs"), line: 5);
        Assert.Contains("'Generated/Seed.cs' differs at line 5", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void VerifyHermetic_runs_the_generators_twice_a_random_one_fails_with_HB4002_a_deterministic_one_passes()
    {
        var random = WithGenerator("codegen-verify-random", Item("Seed", "sh ../tools/random.sh {output}"), "System.Console.WriteLine(Generated.Seed.Value);\n");
        Assert.True(Generate(random).ExitCode == 0);
        random.Commit("Generate");
        var failed = random.DotNet("msbuild", "app/app.csproj", "-t:VerifyHermetic");
        AssertBuild.FailsWith(failed, "HB4002");

        var deterministic = WithGenerator("codegen-verify-names", Item("Names", "sh ../tools/gen.sh names.txt {output}", inputs: "names.txt"));
        Assert.True(Generate(deterministic).ExitCode == 0);
        deterministic.Commit("Generate");
        var passed = deterministic.DotNet("msbuild", "app/app.csproj", "-t:VerifyHermetic");
        AssertBuild.Succeeds(passed);
        Assert.DoesNotContain("HB4002", passed.Output, StringComparison.Ordinal);
        var report = File.ReadAllText(Path.Combine(deterministic.Root, "artifacts", "hermetic", "verify.json"));
        Assert.Contains("\"generators\"", report, StringComparison.Ordinal);
    }

    [Fact]
    public void An_executable_script_and_a_generator_project_generate_code_that_compiles_in_the_same_build()
    {
        var item = Item("Names", "../tools/gen.sh names.txt {output}", "names.txt", output: "Generated/Names")
            + Item("Greeting", "dotnet run --project ../tools/Greeter -- {output}", output: "Generated/Greeting");
        var repository = WithGenerator("codegen-project", item,
                "System.Console.WriteLine(Generated.Names.All + Generated.Greeting.Text);\n")
            .WriteFile("tools/Greeter/Greeter.csproj", """
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <ImplicitUsings>enable</ImplicitUsings>
                  </PropertyGroup>
                </Project>
                """)
            .WriteFile("tools/Greeter/Program.cs", """
                File.WriteAllText(Path.Combine(args[0], "Greeting.cs"), "namespace Generated;\n\npublic static class Greeting\n{\n    public const string Text = \" say hello\";\n}\n");
                """);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Path.Combine(repository.Root, "tools", "gen.sh"),
                UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }

        repository.Commit("Two generators");

        // Generate and build in one invocation: the new files are compiled.
        var build = repository.DotNet("build", "app/app.csproj", "-t:HermeticGenerate;Build");
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Empty(build.Hermetic);
        var stamp = File.ReadAllText(Path.Combine(repository.Root, "app", "app.hermetic-generate.json"));
        Assert.Contains("\"path\": \"../tools/Greeter/Program.cs\"", stamp, StringComparison.Ordinal);
        Assert.DoesNotContain("/obj/", stamp, StringComparison.Ordinal);
        var run = repository.Run("dotnet", "app/bin/Debug/net10.0/app.dll");
        Assert.Contains("Ada, Grace and Barbara say hello", run.Output, StringComparison.Ordinal);

        repository.Commit("Generated");
        AssertBuild.Succeeds(repository.Build());
        var verify = VerifyGenerate(repository);
        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Empty(verify.Hermetic);
    }

    [Fact]
    public void HermeticMode_Off_checks_nothing()
    {
        var repository = WithGenerator("codegen-off", Item("Names", "curl -o {output}/Names.cs https://gen.example.invalid/x"), "System.Console.WriteLine(1);\n");

        AssertBuild.Succeeds(repository.Build("-p:HermeticMode=Off"));
    }
}
