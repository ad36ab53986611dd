using FsCheck;
using FsCheck.Fluent;
using Hermetic.Build.Commands;

namespace Hermetic.Build.Tests;

public sealed class CommandLineTests
{
    private static string[] Programs(string command, ShellDialect dialect = ShellDialect.Posix) =>
        CommandLine.Flatten(CommandLine.Parse(command, dialect)).Select(c => c.ProgramName).ToArray();

    [Theory]
    [InlineData("curl -fsSL https://pkgs.example.invalid/x -o y", new[] { "curl" })]
    [InlineData("/usr/bin/curl x", new[] { "curl" })]
    [InlineData("echo a && wget b || true; ls | grep c & tail", new[] { "echo", "wget", "true", "ls", "grep", "tail" })]
    [InlineData("A=1 B='two words' env -i C=3 curl x", new[] { "curl" })]
    [InlineData("sudo -u build nohup nice -n 5 timeout 10 git clone x", new[] { "git" })]
    [InlineData("echo 'curl x; wget y'", new[] { "echo" })]
    [InlineData("echo \"$(curl -s x)\"", new[] { "echo", "curl" })]
    [InlineData("echo `wget -qO- x`", new[] { "echo", "wget" })]
    [InlineData("sh -c 'curl x && echo ok'", new[] { "sh", "curl", "echo" })]
    [InlineData("bash -euc \"npm install\"", new[] { "bash", "npm" })]
    [InlineData("/bin/sh -c \"sh -c 'pip install x'\"", new[] { "sh", "sh", "pip" })]
    [InlineData("dotnet build > log.txt 2>&1; cat < in.txt", new[] { "dotnet", "cat" })]
    [InlineData("make 2> err.txt", new[] { "make" })]
    [InlineData("(cd tools && ./gen.sh)", new[] { "cd", "gen.sh" })]
    [InlineData("if true; then curl x; fi", new[] { "true", "curl" })]
    [InlineData("# curl x\necho y", new[] { "echo" })]
    [InlineData("ech\\o a\\ b", new[] { "echo" })]
    [InlineData("pwsh -NoProfile -Command \"Invoke-WebRequest -Uri x; Write-Host ok\"", new[] { "pwsh", "invoke-webrequest", "write-host" })]
    [InlineData("powershell -c iwr x", new[] { "powershell", "iwr" })]
    public void Finds_every_program_a_posix_command_runs(string command, string[] expected) =>
        Assert.Equal(expected, Programs(command));

    [Theory]
    [InlineData("cmd /c \"curl.exe x && echo ok\"", new[] { "cmd", "curl", "echo" })]
    [InlineData("@echo off & C:\\tools\\wget.exe x", new[] { "echo", "wget" })]
    [InlineData("\"C:\\Program Files\\Git\\bin\\git.exe\" fetch", new[] { "git" })]
    [InlineData("echo ^& curl", new[] { "echo" })]
    public void Finds_every_program_a_cmd_command_runs(string command, string[] expected) =>
        Assert.Equal(expected, Programs(command, ShellDialect.Cmd));

    [Fact]
    public void Keeps_the_arguments_as_the_shell_passes_them()
    {
        var command = Assert.Single(CommandLine.Parse("git  clone 'a b' \"c\\\"d\" e\\ f", ShellDialect.Posix));
        Assert.Equal("git", command.Program);
        Assert.Equal(new[] { "clone", "a b", "c\"d", "e f" }, command.Arguments);
    }

    [Fact]
    public void Opens_the_script_of_a_shell()
    {
        var shell = Assert.Single(CommandLine.Parse("sh -c 'dotnet tool install -g x'", ShellDialect.Posix));
        var inner = Assert.Single(shell.Inner);
        Assert.Equal("dotnet", inner.ProgramName);
        Assert.Equal(new[] { "tool", "install", "-g", "x" }, inner.Arguments);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("'unterminated")]
    [InlineData("$(")]
    [InlineData("sh -c")]
    [InlineData(";;&&||")]
    public void Odd_input_gives_no_exception(string command) =>
        Assert.NotNull(CommandLine.Parse(command, ShellDialect.Posix));

    [Fact]
    public void Arbitrary_text_never_throws()
    {
        Prop.ForAll<string>(text =>
            {
                foreach (var dialect in Enum.GetValues<ShellDialect>())
                {
                    _ = CommandLine.Flatten(CommandLine.Parse(text ?? string.Empty, dialect)).ToList();
                }
            })
            .Check(Config.QuickThrowOnFailure.WithMaxTest(2000));
    }
}
