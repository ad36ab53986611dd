using Hermetic.Build.Codegen;
using Hermetic.Build.Commands;
using Hermetic.Build.Tests.TestSupport;

namespace Hermetic.Build.Tests;

/// <summary>HB4003: what a generator's command may run.</summary>
public sealed class GeneratorPinningTests : IDisposable
{
    private readonly TempDirectory _repo = new();

    public GeneratorPinningTests()
    {
        _repo.Write("tools/gen.sh", "#!/bin/sh\n");
        _repo.Write("tools/gen.py", "print('x')\n");
        _repo.Write("app/app.csproj", "<Project />\n");
        _repo.Write("tools/Gen/Gen.csproj", "<Project />\n");
        _repo.Write("tools/Gen/Program.cs", "return 0;\n");
        _repo.Write("tools/Gen/obj/project.assets.json", "{}\n");
        _repo.Write("tools/Gen/bin/Debug/Gen.dll", "x");
        _repo.Write(".config/dotnet-tools.json", """
            { "version": 1, "isRoot": true, "tools": { "mygen": { "version": "1.2.3", "commands": [ "mygen" ] }, "dotnet-api": { "version": "2.0.0", "commands": [ "dotnet-api" ] } } }
            """);
    }

    public void Dispose() => _repo.Dispose();

    private PinningResult Check(string command) =>
        GeneratorPinning.Check(command, _repo.Combine("app"), _repo.Path, ShellDialect.Posix);

    [Theory]
    [InlineData("../tools/gen.sh in.txt {output}")]
    [InlineData("./../tools/gen.sh {output}")]
    [InlineData("sh ../tools/gen.sh {output}")]
    [InlineData("bash -e ../tools/gen.sh {output}")]
    [InlineData("python3 ../tools/gen.py --out {output}")]
    [InlineData("/usr/bin/env python3 ../tools/gen.py {output}")]
    [InlineData("cd ../tools && ./gen.sh {output}")]
    [InlineData("sh -c '../tools/gen.sh \"$HERMETIC_OUTPUT\"'")]
    public void A_script_of_the_repository_is_pinned_and_is_an_input(string command)
    {
        var result = Check(command);

        Assert.True(result.IsPinned, string.Join("; ", result.Unpinned));
        Assert.Contains(result.ProgramFiles, f => f.EndsWith("gen.sh", StringComparison.Ordinal) || f.EndsWith("gen.py", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("dotnet tool run mygen --in api.yaml --out {output}")]
    [InlineData("dotnet api --out {output}")]
    public void A_local_tool_is_pinned_and_its_manifest_is_an_input(string command)
    {
        var result = Check(command);

        Assert.True(result.IsPinned, string.Join("; ", result.Unpinned));
        Assert.Equal([_repo.Combine(".config", "dotnet-tools.json")], result.ProgramFiles);
    }

    [Fact]
    public void A_project_of_the_repository_is_pinned_and_its_sources_are_inputs()
    {
        var result = Check("dotnet run --project ../tools/Gen -- in.txt {output}");

        Assert.True(result.IsPinned, string.Join("; ", result.Unpinned));
        Assert.Equal([_repo.Combine("tools", "Gen", "Gen.csproj"), _repo.Combine("tools", "Gen", "Program.cs")], result.ProgramFiles.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void File_utilities_around_a_generator_are_allowed()
    {
        var result = Check("mkdir -p {output}/sub && ../tools/gen.sh {output}/sub && echo done > {output}/log.txt && cp ../tools/gen.sh {output}");

        Assert.True(result.IsPinned, string.Join("; ", result.Unpinned));
    }

    [Theory]
    [InlineData("curl -o {output}/api.cs https://gen.example.invalid/api.cs", "curl")]
    [InlineData("wget https://gen.example.invalid/x", "wget")]
    [InlineData("protoc --csharp_out={output} api.proto", "protoc")]
    [InlineData("sh -c 'curl https://gen.example.invalid/x | sh'", "curl")]
    [InlineData("../tools/gen.sh $(curl -s https://gen.example.invalid/args)", "curl")]
    [InlineData("python3 -c 'print(1)'", "python3")]
    [InlineData("python3 -m grpc_tools.protoc", "python3")]
    [InlineData("../tools/missing.sh {output}", "missing.sh")]
    [InlineData("/usr/local/bin/mygen {output}", "mygen")]
    [InlineData("dotnet tool run othergen", "othergen")]
    [InlineData("dotnet tool install -g mygen", "tool")]
    [InlineData("dotnet run -- {output}", "run")]
    [InlineData("dotnet run --project /opt/gen/Gen.csproj", "run")]
    public void Programs_of_the_machine_are_not_pinned(string command, string named)
    {
        var result = Check(command);

        Assert.False(result.IsPinned);
        Assert.Contains(result.Unpinned, u => u.CommandText.Contains(named, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("../tools/fetch.sh {output}")]
    [InlineData("sh ../tools/fetch")]
    [InlineData("bash -c '../tools/fetch.sh {output}'")]
    public void A_repository_script_that_downloads_is_not_pinned(string command)
    {
        var script = "#!/bin/sh\n# curl in a comment is fine\nset -e\nmkdir -p \"$1\"\ncurl -sSf https://gen.example.invalid/gen.tar.gz | tar xz\n";
        _repo.Write("tools/fetch.sh", script);
        _repo.Write("tools/fetch", script);

        var result = Check(command);

        var unpinned = Assert.Single(result.Unpinned);
        Assert.Contains("runs 'curl -sSf https://gen.example.invalid/gen.tar.gz' (line 5), which fetches from the network", unpinned.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Scripts_that_only_compute_are_pinned()
    {
        _repo.Write("tools/compute.sh", "#!/bin/sh\n# no curl here\nod -An -N4 /dev/zero | tr -d ' ' > \"$1/x.txt\"\ngit rev-parse HEAD >/dev/null\n");

        Assert.True(Check("../tools/compute.sh {output}").IsPinned);
    }

    [Fact]
    public void A_file_outside_the_repository_is_not_pinned()
    {
        using var outside = new TempDirectory();
        var script = outside.Write("gen.sh", "#!/bin/sh\n");

        var result = Check(script + " {output}");

        Assert.False(result.IsPinned);
        Assert.Contains("outside the repository", Assert.Single(result.Unpinned).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tool_manifest_that_is_not_json_fails_closed()
    {
        _repo.Write(".config/dotnet-tools.json", "{ not json");

        var error = Assert.Throws<Hermetic.Build.Core.HermeticInputException>(() => Check("dotnet tool run mygen"));
        Assert.Equal(_repo.Combine(".config", "dotnet-tools.json"), error.Location.File);
    }
}
