using Hermetic.Build.Codegen;
using Hermetic.Build.Tests.TestSupport;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Hermetic.Build.Tests;

/// <summary>
/// The three code generation tasks on a real folder with shell-script generators: generate,
/// check (HB4001, HB4003) without running anything, and run twice (HB4002).
/// </summary>
public sealed class CodegenTasksTests : IDisposable
{
    private const string Deterministic = "#!/bin/sh\nset -e\necho run >> \"$(dirname \"$0\")/runs.log\"\nprintf 'namespace Gen;\\npublic static class Names { public const string All = \"%s\"; }\\n' \"$(cat names.txt)\" > \"$1/Names.cs\"\n";
    private const string Random = "#!/bin/sh\nprintf '// %s\\n' \"$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')\" > \"$1/Seed.cs\"\n";

    private readonly TempDirectory _repo = new();
    private readonly FakeBuildEngine _engine = new();
    private readonly string _project;

    public CodegenTasksTests()
    {
        _project = _repo.Write("app/app.csproj", "<Project />\n");
        _repo.Write("app/names.txt", "alpha beta");
        _repo.Write("tools/gen.sh", Deterministic);
        _repo.Write("tools/random.sh", Random);
    }

    public void Dispose() => _repo.Dispose();

    private string Stamp => _repo.Combine("app", "app.hermetic-generate.json");

    private string RunsLog => _repo.Combine("tools", "runs.log");

    private static ITaskItem Generator(string name, string command, string output = "Generated", string? inputs = "names.txt") =>
        new TaskItem(name, new Dictionary<string, string> { ["Command"] = command, ["OutputDirectory"] = output, ["Inputs"] = inputs ?? string.Empty });

    private ITaskItem[] InputsOf(params ITaskItem[] generators) =>
        [.. generators.SelectMany(g => g.GetMetadata("Inputs").Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(i => (ITaskItem)new TaskItem(_repo.Combine("app", i), new Dictionary<string, string> { ["Generator"] = g.ItemSpec })))];

    private T Wire<T>(T task, ITaskItem[] generators)
        where T : GeneratorTask
    {
        task.BuildEngine = _engine;
        task.ProjectFile = _project;
        task.RepositoryRoot = _repo.Path;
        task.StampFile = Stamp;
        task.Generators = generators;
        task.GeneratorInputs = InputsOf(generators);
        task.HelpLinkBase = Tasks.HelpLinkBase;
        return task;
    }

    private bool Generate(params ITaskItem[] generators) =>
        Wire(new RunGenerators { TemporaryDirectory = _repo.Combine("app", "obj", "gen"), SourceDateEpoch = "1700000000" }, generators).Execute();

    private bool Check(params ITaskItem[] generators) => Wire(new CheckGeneratedOutput(), generators).Execute();

    private bool Verify(params ITaskItem[] generators) =>
        Wire(new VerifyGenerators { TemporaryDirectory = _repo.Combine("app", "obj", "gen") }, generators).Execute();

    private IEnumerable<string> Codes => _engine.Diagnostics.Select(d => d.Code ?? "(none)");

    private static string Sh(string script) => "sh " + script + " {output}";

    [Fact]
    public void Generate_writes_output_and_stamp_and_the_check_passes_without_running_the_generator()
    {
        var generator = Generator("Names", Sh("../tools/gen.sh"));

        Assert.True(Generate(generator), string.Join("\n", _engine.Diagnostics));
        Assert.Equal("namespace Gen;\npublic static class Names { public const string All = \"alpha beta\"; }\n", File.ReadAllText(_repo.Combine("app", "Generated", "Names.cs")));
        var stamp = File.ReadAllText(Stamp);
        Assert.Contains("\"path\": \"../tools/gen.sh\"", stamp, StringComparison.Ordinal);
        Assert.Contains("\"path\": \"names.txt\"", stamp, StringComparison.Ordinal);
        Assert.DoesNotContain(_repo.Path, stamp, StringComparison.Ordinal);
        Assert.Single(File.ReadAllLines(RunsLog));

        Assert.True(Check(generator), string.Join("\n", _engine.Diagnostics));
        Assert.Empty(_engine.Diagnostics);
        Assert.Single(File.ReadAllLines(RunsLog)); // the check ran nothing
    }

    [Fact]
    public void Generating_twice_gives_the_same_stamp_and_leaves_files_untouched()
    {
        var generator = Generator("Names", Sh("../tools/gen.sh"));
        Assert.True(Generate(generator));
        var output = _repo.Combine("app", "Generated", "Names.cs");
        var stampBytes = File.ReadAllBytes(Stamp);
        File.SetLastWriteTimeUtc(output, new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc));

        Assert.True(Generate(generator));

        Assert.Equal(stampBytes, File.ReadAllBytes(Stamp));
        Assert.Equal(new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc), File.GetLastWriteTimeUtc(output));
    }

    [Theory]
    [InlineData("input")]
    [InlineData("edit")]
    [InlineData("add")]
    [InlineData("remove")]
    [InlineData("command")]
    [InlineData("generator")]
    public void Every_kind_of_drift_is_HB4001_naming_the_command_to_run(string change)
    {
        var generator = Generator("Names", Sh("../tools/gen.sh"));
        Assert.True(Generate(generator));
        switch (change)
        {
            case "input": _repo.Write("app/names.txt", "gamma"); break;
            case "edit": File.AppendAllText(_repo.Combine("app", "Generated", "Names.cs"), "// hand edit\n"); break;
            case "add": _repo.Write("app/Generated/Extra.cs", "class Extra {}\n"); break;
            case "remove": File.Delete(_repo.Combine("app", "Generated", "Names.cs")); break;
            case "command": generator.SetMetadata("Command", Sh("../tools/gen.sh") + " extra"); break;
            case "generator": File.AppendAllText(_repo.Combine("tools", "gen.sh"), "# changed\n"); break;
        }

        Assert.False(Check(generator));

        var error = Assert.Single(_engine.Errors);
        Assert.Equal("HB4001", error.Code);
        Assert.Contains("Run 'dotnet msbuild app/app.csproj -t:HermeticGenerate' and commit the output folder and the stamp 'app/app.hermetic-generate.json'.", error.Message, StringComparison.Ordinal);
        var expectedFile = change switch
        {
            "input" => _repo.Combine("app", "names.txt"),
            "edit" => _repo.Combine("app", "Generated", "Names.cs"),
            "add" => _repo.Combine("app", "Generated", "Extra.cs"),
            "generator" => _repo.Combine("tools", "gen.sh"),
            _ => _project,
        };
        Assert.Equal(expectedFile, error.File);
    }

    [Fact]
    public void No_stamp_is_HB4001_and_a_stamp_of_removed_generators_too()
    {
        Assert.False(Check(Generator("Names", Sh("../tools/gen.sh"))));
        Assert.Contains("has no stamp 'app/app.hermetic-generate.json'", Assert.Single(_engine.Errors).Message, StringComparison.Ordinal);

        Assert.True(Generate(Generator("Names", Sh("../tools/gen.sh"))));
        var engine = new FakeBuildEngine();
        var check = Wire(new CheckGeneratedOutput(), []);
        check.BuildEngine = engine;
        Assert.False(check.Execute());
        Assert.Contains("no longer declares", Assert.Single(engine.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unpinned_generator_is_HB4003_and_never_runs()
    {
        var generator = Generator("Fetch", "curl -o {output}/Api.cs https://gen.example.invalid/api.cs");

        Assert.False(Generate(generator));
        var checkEngine = new FakeBuildEngine(); // a build of its own: the same diagnostic is said once per build
        var check = Wire(new CheckGeneratedOutput(), [generator]);
        check.BuildEngine = checkEngine;
        Assert.False(check.Execute());
        Assert.Equal("HB4003", Assert.Single(checkEngine.Errors).Code);

        Assert.All(_engine.Errors, e => Assert.Equal("HB4003", e.Code));
        Assert.False(Directory.Exists(_repo.Combine("app", "Generated")));
        Assert.Contains("'curl' is a program of this machine", _engine.Errors[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failing_generator_is_a_plain_error_and_leaves_the_committed_output()
    {
        var generator = Generator("Names", Sh("../tools/gen.sh"));
        Assert.True(Generate(generator));
        var committed = File.ReadAllText(_repo.Combine("app", "Generated", "Names.cs"));
        _repo.Write("tools/gen.sh", "#!/bin/sh\necho 'cannot parse names.txt' >&2\nexit 3\n");

        Assert.False(Generate(generator));

        var error = Assert.Single(_engine.Errors);
        Assert.Null(error.Code);
        Assert.Contains("Generator 'Names' failed with exit code 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("cannot parse names.txt", error.Message, StringComparison.Ordinal);
        Assert.Equal(committed, File.ReadAllText(_repo.Combine("app", "Generated", "Names.cs")));
    }

    [Fact]
    public void A_generator_that_writes_nothing_never_wipes_the_committed_output()
    {
        var generator = Generator("Names", Sh("../tools/gen.sh"));
        Assert.True(Generate(generator));
        _repo.Write("tools/gen.sh", "#!/bin/sh\necho 'nothing to do'\n");

        Assert.False(Generate(generator));

        Assert.Contains("wrote no files into {output}", Assert.Single(_engine.Errors).Message, StringComparison.Ordinal);
        Assert.True(File.Exists(_repo.Combine("app", "Generated", "Names.cs")));
    }

    [Fact]
    public void A_generator_that_writes_into_its_OutputDirectory_itself_keeps_its_files()
    {
        _repo.Write("tools/direct.sh", "#!/bin/sh\nmkdir -p Generated\nprintf 'class Direct {}\\n' > Generated/Direct.cs\n");
        var generator = Generator("Direct", "sh ../tools/direct.sh", inputs: null);

        Assert.True(Generate(generator), string.Join("\n", _engine.Diagnostics));

        Assert.True(File.Exists(_repo.Combine("app", "Generated", "Direct.cs")));
        Assert.Contains("\"path\": \"Direct.cs\"", File.ReadAllText(Stamp), StringComparison.Ordinal);
        Assert.True(Check(generator), string.Join("\n", _engine.Diagnostics));
    }

    [Fact]
    public void The_generator_runs_in_the_hermetic_environment()
    {
        _repo.Write("tools/env.sh", "#!/bin/sh\nprintf '%s|%s|%s|%s|%s\\n' \"$TZ\" \"$LC_ALL\" \"$SOURCE_DATE_EPOCH\" \"$https_proxy\" \"$HERMETIC_OUTPUT\" > \"$1/env.txt\"\nprintf '%s\\n' \"$(pwd)\" >> \"$1/env.txt\"\n");
        var generator = Generator("Env", Sh("../tools/env.sh"), inputs: null);

        Assert.True(Generate(generator), string.Join("\n", _engine.Diagnostics));

        var lines = File.ReadAllLines(_repo.Combine("app", "Generated", "env.txt"));
        var fields = lines[0].Split('|');
        Assert.Equal(["UTC", "C", "1700000000", Hermetic.Build.Commands.HermeticEnvironment.ClosedProxy], fields[..4]);
        Assert.StartsWith(_repo.Combine("app", "obj", "gen"), fields[4], StringComparison.Ordinal);
        Assert.Equal(_repo.Combine("app"), lines[1]);
    }

    [Fact]
    public void Two_differing_runs_are_HB4002_naming_file_and_line()
    {
        var generator = Generator("Seed", Sh("../tools/random.sh"), inputs: null);
        Assert.True(Generate(generator)); // HermeticGenerate cannot tell

        Assert.False(Verify(generator));

        var error = Assert.Single(_engine.Errors);
        Assert.Equal("HB4002", error.Code);
        Assert.Equal((_repo.Combine("app", "Generated", "Seed.cs"), 1), (error.File, error.Line));
        Assert.Contains("'Generated/Seed.cs' differs at line 1", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_repo.Combine("app", "obj", "gen")) && Directory.EnumerateFileSystemEntries(_repo.Combine("app", "obj", "gen")).Any());
    }

    [Fact]
    public void A_deterministic_generator_passes_and_stale_committed_output_is_HB4001()
    {
        var generator = Generator("Names", Sh("../tools/gen.sh"));
        Assert.True(Generate(generator));

        Assert.True(Verify(generator), string.Join("\n", _engine.Diagnostics));
        Assert.Empty(_engine.Diagnostics);

        _repo.Write("app/names.txt", "gamma");
        Assert.False(Verify(generator));
        var error = Assert.Single(_engine.Errors);
        Assert.Equal("HB4001", error.Code);
        Assert.Contains("differs from the committed folder 'Generated'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("../../outside")]
    public void An_output_folder_that_is_not_a_folder_of_generated_files_only_fails_closed(string output)
    {
        var generator = Generator("Names", Sh("../tools/gen.sh"), output);

        Assert.False(Generate(generator));

        Assert.Equal("HB0001", Assert.Single(_engine.Errors).Code);
        Assert.True(File.Exists(_project));
    }
}
