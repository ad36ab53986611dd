using System.Text;
using Hermetic.Build.Tool.Diff;

namespace Hermetic.Build.Tool.Tests;

public sealed class CommandTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("hermetic-diff-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private (int ExitCode, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = HermeticCommand.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    private string Write(string relative, string content)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content, new UTF8Encoding(false));
        return path;
    }

    [Fact]
    public void Diff_of_identical_files_exits_0()
    {
        var (code, output, _) = Run("diff", Write("a/x.txt", "same\n"), Write("b/x.txt", "same\n"));

        Assert.Equal(0, code);
        Assert.Contains("identical", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Diff_of_different_files_exits_1_and_says_where()
    {
        var (code, output, _) = Run("diff", Write("a/x.txt", "line one\nline two\n"), Write("b/x.txt", "line one\nline 2\n"));

        Assert.Equal(1, code);
        Assert.Contains("line 2, column 6", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Diff_of_folders_names_files_only_one_side_has()
    {
        Write("a/same.txt", "s");
        Write("b/same.txt", "s");
        Write("a/sub/only-a.txt", "a");
        Write("b/changed.bin", "\0\u0001");
        Write("a/changed.bin", "\0\u0002");

        var (code, output, _) = Run("diff", Path.Combine(_root, "a"), Path.Combine(_root, "b"));

        Assert.Equal(1, code);
        Assert.Contains("sub/only-a.txt: only in A", output, StringComparison.Ordinal);
        Assert.Contains("changed.bin: first difference at byte 1", output, StringComparison.Ordinal);
        Assert.DoesNotContain("same.txt", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Diff_of_a_missing_file_or_a_malformed_manifest_is_bad_input()
    {
        Assert.Equal(HermeticCommand.BadInput, Run("diff", Path.Combine(_root, "nope"), Write("x.txt", "x")).ExitCode);
        Assert.Equal(HermeticCommand.BadInput, Run("diff", Path.Combine(_root), Write("y.txt", "x")).ExitCode);
        var (code, _, error) = Run("diff", Write("m/a.hermetic.json", "{\"schema\":1}"), Write("m/b.hermetic.json", "{}"));
        Assert.Equal(HermeticCommand.BadInput, code);
        Assert.Contains("a.hermetic.json", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Diff_of_manifests_compares_fields_and_outputs()
    {
        var a = Write("a/app.hermetic.json", Manifest("abc", new string('a', 64)));
        var b = Write("b/app.hermetic.json", Manifest("def", new string('b', 64)));

        var differences = DiffCommand.Compare(a, b);

        Assert.Contains(differences, d => d.What == "source.commit" && d.Where == "abc vs def");
        Assert.Contains(differences, d => d.What == "app.dll" && d.Where.StartsWith("sha256 " + new string('a', 64), StringComparison.Ordinal));
        Assert.Empty(DiffCommand.Compare(a, Write("c/app.hermetic.json", Manifest("abc", new string('a', 64)))));
    }

    [Fact]
    public void An_unknown_command_line_is_bad_input()
    {
        Assert.Equal(HermeticCommand.BadInput, Run("frobnicate").ExitCode);
        Assert.Equal(HermeticCommand.BadInput, Run("diff", "only-one").ExitCode);
    }

    private static string Manifest(string commit, string sha256)
    {
        var manifest = new Hermetic.Build.Manifest.BuildManifest("app/app.csproj", "net10.0", "Release", new("10.0.401", "18.0"), new(commit, false), null, [],
            [new Hermetic.Build.Manifest.ManifestOutput("app.dll", sha256, 10)]);
        return Encoding.UTF8.GetString(manifest.ToCanonicalBytes());
    }

    [Fact]
    public void Sbom_of_a_path_that_does_not_exist_exits_2_naming_it()
    {
        var missing = Path.Combine(_root, "no-such-project.csproj");

        var (code, _, error) = Run("sbom", missing, "--output", Path.Combine(_root, "out"));

        Assert.Equal(HermeticCommand.BadInput, code);
        Assert.Contains(missing, error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_root, "out")));
    }

    [Fact]
    public void Help_lists_the_sbom_command()
    {
        var (code, output, _) = Run("--help");

        Assert.Equal(0, code);
        Assert.Contains("sbom", output, StringComparison.Ordinal);
    }
}
