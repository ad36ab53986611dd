using Hermetic.Build.Commands;
using Hermetic.Build.Tests.TestSupport;
using Microsoft.Build.Framework;

namespace Hermetic.Build.Tests;

/// <summary>The Exec gate: which commands reach the network, the allow-list, the settings a
/// UsingTask body carries, and HermeticExec run for real (with /bin/sh).</summary>
public sealed class ExecGateTests
{
    [Fact]
    public void Settings_come_from_the_evaluated_body_with_MSBuild_escapes()
    {
        var settings = CommandGateSettings.Parse("\nMode=Audit\nWarningCodes=HB4004\nAllowedSources=https://a.example.invalid/v3/index.json%3Bhttps://b.example.invalid/v3/index.json\nAllowedCommand=git fetch origin%3B echo%0AAllowedCommand=curl https://a.example.invalid/x\nSourceDateEpoch=1700000000\n");

        Assert.Equal("Audit", settings.Mode);
        Assert.Equal("HB4004", settings.WarningCodes);
        Assert.Equal("https://a.example.invalid/v3/index.json;https://b.example.invalid/v3/index.json", settings.AllowedSources);
        Assert.Equal(["git fetch origin; echo", "curl https://a.example.invalid/x"], settings.AllowedCommands);
        Assert.Equal("1700000000", settings.ResolveSourceDateEpoch(null));
    }

    [Fact]
    public void An_allowed_command_is_a_word_prefix_with_the_program_by_name()
    {
        var gate = CommandGate.Create(CommandGateSettings.Parse("AllowedCommand=git fetch origin"), new Microsoft.Build.Utilities.TaskLoggingHelper(new FakeBuildEngine(), "t"), new FakeBuildEngine())!;

        Assert.Empty(gate.NetworkCommands("/usr/bin/git fetch origin --depth 1", ShellDialect.Posix));
        Assert.Single(gate.NetworkCommands("git fetch upstream", ShellDialect.Posix));
        Assert.Single(gate.NetworkCommands("git fetch origin && curl https://x.example.invalid", ShellDialect.Posix));
    }

    [Fact]
    public void The_factory_exposes_Exec_parameters_with_their_attributes()
    {
        var factory = new HermeticCommandTaskFactory();
        Assert.True(factory.Initialize("Exec", new Dictionary<string, TaskPropertyInfo>(), "Mode=Enforce", new FakeBuildEngine()));

        var parameters = factory.GetTaskParameters().ToDictionary(p => p.Name);

        Assert.True(parameters["Command"].Required);
        Assert.True(parameters["ExitCode"].Output);
        Assert.True(parameters["ConsoleOutput"].Output);
        Assert.Equal(typeof(string[]), parameters["EnvironmentVariables"].PropertyType);
        Assert.DoesNotContain("BuildEngine", parameters.Keys);
        Assert.IsType<HermeticExec>(factory.CreateTask(new FakeBuildEngine()));
        Assert.False(new HermeticCommandTaskFactory().Initialize("Copy", new Dictionary<string, TaskPropertyInfo>(), string.Empty, new FakeBuildEngine()));
    }

    private static (HermeticExec Task, FakeBuildEngine Engine) Exec(string command, string settings = "Mode=Enforce\nSourceDateEpoch=1700000000")
    {
        var engine = new FakeBuildEngine { LineNumberOfTaskNode = 12, ColumnNumberOfTaskNode = 5 };
        var factory = new HermeticCommandTaskFactory();
        factory.Initialize("Exec", new Dictionary<string, TaskPropertyInfo>(), settings, engine);
        var task = (HermeticExec)factory.CreateTask(engine);
        task.BuildEngine = engine;
        task.Command = command;
        task.ConsoleToMSBuild = true;
        return (task, engine);
    }

    [Fact]
    public void Exec_runs_its_command_in_the_hermetic_environment_and_the_task_s_own_variables_win()
    {
        var (task, engine) = Exec("env");
        task.EnvironmentVariables = ["TZ=Europe/Paris"];

        Assert.True(task.Execute(), string.Join("\n", engine.Diagnostics));

        var lines = task.ConsoleOutput.Select(i => i.ItemSpec).ToList();
        Assert.Contains("HTTP_PROXY=" + HermeticEnvironment.ClosedProxy, lines);
        Assert.Contains("HTTPS_PROXY=" + HermeticEnvironment.ClosedProxy, lines);
        Assert.Contains("ALL_PROXY=" + HermeticEnvironment.ClosedProxy, lines);
        Assert.Contains("LC_ALL=C", lines);
        Assert.Contains("SOURCE_DATE_EPOCH=1700000000", lines);
        Assert.Contains("TZ=Europe/Paris", lines);
    }

    [Fact]
    public void A_network_command_is_HB4004_at_the_task_and_does_not_run()
    {
        using var directory = new TempDirectory();
        var marker = directory.Combine("ran");
        var (task, engine) = Exec($"touch '{marker}'; sh -c 'curl -s https://x.example.invalid/a'");

        Assert.False(task.Execute());

        var error = Assert.Single(engine.Errors);
        Assert.Equal(("HB4004", engine.ProjectFileOfTaskNode, 12, 5), (error.Code, error.File, error.Line, error.Column));
        Assert.False(File.Exists(marker));
    }

    [Fact]
    public void As_a_warning_the_command_still_runs()
    {
        var (task, engine) = Exec("echo yarn && true || yarn add x", "Mode=Enforce\nWarningCodes=HB4004");

        Assert.True(task.Execute());

        Assert.Equal("HB4004", Assert.Single(engine.Warnings).Code);
    }

    [Fact]
    public void DownloadFile_is_HB4004_and_downloads_nothing()
    {
        using var directory = new TempDirectory();
        var engine = new FakeBuildEngine();
        var factory = new HermeticCommandTaskFactory();
        factory.Initialize("Microsoft.Build.Tasks.DownloadFile", new Dictionary<string, TaskPropertyInfo>(), "Mode=Enforce", engine);
        var task = (HermeticDownloadFile)factory.CreateTask(engine);
        task.BuildEngine = engine;
        task.SourceUrl = "https://x.example.invalid/a.zip";
        task.DestinationFolder = new Microsoft.Build.Utilities.TaskItem(directory.Path);

        Assert.False(task.Execute());

        Assert.Equal("HB4004", Assert.Single(engine.Errors).Code);
        Assert.Empty(Directory.EnumerateFileSystemEntries(directory.Path));
    }
}
