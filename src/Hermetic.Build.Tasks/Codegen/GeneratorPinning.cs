using System.Text.Json;
using Hermetic.Build.Commands;
using Hermetic.Build.Core;

namespace Hermetic.Build.Codegen;

/// <summary>A program of a generator's command that is not pinned by the repository (HB4003).</summary>
public sealed record UnpinnedProgram(string CommandText, string Reason);

/// <summary>What a generator's command runs: the programs that are not pinned, and the repository
/// files that make up the pinned ones (scripts, generator projects, the tool manifest), which the
/// stamp records as inputs so that a changed generator makes its output stale.</summary>
public sealed record PinningResult(IReadOnlyList<UnpinnedProgram> Unpinned, IReadOnlyList<string> ProgramFiles)
{
    /// <summary>The folders of generator projects (<c>dotnet run --project</c>): a file added
    /// there changes the generator too.</summary>
    public IReadOnlyList<string> ProgramFolders { get; init; } = [];

    public bool IsPinned => Unpinned.Count == 0;
}

/// <summary>
/// HB4003: every program a generator's command runs must be pinned by the repository. The command
/// is split as the shell would (Commands/CommandLine, through <c>sh -c</c>, <c>cmd /c</c> and
/// command substitutions); each simple command must be one of:
/// <list type="bullet">
/// <item>a file of the repository, by path (<c>./tools/gen.sh</c>, <c>../tools/gen.sh</c>);</item>
/// <item>an interpreter running a script file of the repository (<c>sh tools/gen.sh</c>,
/// <c>python3 tools/gen.py</c>): the interpreter comes from the machine, the script is pinned;</item>
/// <item><c>dotnet tool run X</c> or <c>dotnet X</c> with X a local tool of the repository's tool
/// manifest; <c>dotnet run --project P</c> with P a project of the repository; <c>dotnet F.dll</c>
/// or <c>dotnet run F.cs</c> with F a repository file (the SDK itself is pinned by global.json);</item>
/// <item>a shell built-in or basic file utility (<see cref="Utilities"/>), which reads and writes
/// only what the command names.</item>
/// </list>
/// Anything else (curl, a program found on PATH, an absolute path outside the repository, inline
/// code of an interpreter) is not pinned.
/// </summary>
public static class GeneratorPinning
{
    /// <summary>Shell built-ins and file utilities a generator's command may use around its generator.</summary>
    public static readonly IReadOnlySet<string> Utilities = new HashSet<string>(StringComparer.Ordinal)
    {
        ":", "true", "false", "echo", "printf", "cd", "pwd", "test", "[", "set", "export", "unset", "exit", "shift", "umask",
        "mkdir", "cp", "mv", "rm", "rmdir", "cat", "touch", "ln",
        // cmd.exe
        "md", "copy", "move", "del", "erase", "type", "rd", "xcopy", "robocopy", "if", "rem",
    };

    /// <summary>Interpreters that are accepted when they run a script file of the repository.</summary>
    public static readonly IReadOnlySet<string> Interpreters = new HashSet<string>(StringComparer.Ordinal)
    {
        "sh", "bash", "dash", "zsh", "ksh", "ash", "python", "python3", "node", "perl", "ruby", "pwsh", "powershell", "cmd",
    };

    private static readonly HashSet<string> PosixShells = new(StringComparer.Ordinal) { "sh", "bash", "dash", "zsh", "ksh", "ash" };

    private static readonly string[] ProjectExtensions = [".csproj", ".fsproj", ".vbproj", ".proj"];

    /// <summary>Checks <paramref name="command"/> as run in <paramref name="projectDirectory"/>.</summary>
    public static PinningResult Check(string command, string projectDirectory, string repositoryRoot, ShellDialect dialect)
    {
        var unpinned = new List<UnpinnedProgram>();
        var files = new SortedSet<string>(RepositoryPaths.Comparer);
        var context = new Context(Path.GetFullPath(projectDirectory), Path.TrimEndingDirectorySeparator(Path.GetFullPath(repositoryRoot)));
        var commands = CommandLine.Flatten(CommandLine.Parse(command, dialect)).ToList();
        if (commands.Count == 0)
        {
            unpinned.Add(new UnpinnedProgram(command, "it runs no program"));
        }

        foreach (var simple in commands)
        {
            var reason = Classify(simple, context, files);
            if (reason is not null)
            {
                unpinned.Add(new UnpinnedProgram(simple.Text, reason));
            }
        }

        return new PinningResult(unpinned, files.ToList()) { ProgramFolders = context.ProjectFolders.ToList() };
    }

    /// <summary>Where the command stands: the project folder, then wherever <c>cd</c> moved it.</summary>
    private sealed class Context(string projectDirectory, string root)
    {
        public string CurrentDirectory { get; set; } = projectDirectory;

        public string Root { get; } = root;

        public SortedSet<string> ProjectFolders { get; } = new(RepositoryPaths.Comparer);
    }

    /// <summary>Null when the command is pinned (its files added), else why not.</summary>
    private static string? Classify(SimpleCommand command, Context context, ISet<string> files)
    {
        var name = command.ProgramName;
        var arguments = command.Arguments;

        // A path names the file itself: it must be one of the repository.
        if (HasDirectory(command.Program))
        {
            return RepositoryFile(command.Program, context, files, out var why) ? null : why;
        }

        if (name == "dotnet")
        {
            return ClassifyDotnet(arguments, context, files);
        }

        if (Utilities.Contains(name))
        {
            // Follow "cd tools && ./gen.sh": later paths are relative to the new folder.
            if (name == "cd" && arguments.Count == 1 && !arguments[0].StartsWith('-') && !arguments[0].Contains('$'))
            {
                context.CurrentDirectory = Path.GetFullPath(Path.Combine(context.CurrentDirectory, arguments[0]));
            }

            return null;
        }

        if (Interpreters.Contains(name))
        {
            return ClassifyInterpreter(name, arguments, context, files);
        }

        // cmd.exe runs a program in the current folder by bare name; sh never does.
        if (CommandLine.ExecDialect == ShellDialect.Cmd && File.Exists(Path.Combine(context.CurrentDirectory, command.Program)))
        {
            return RepositoryFile(command.Program, context, files, out var why) ? null : why;
        }

        return $"'{command.Program}' is a program of this machine (found on PATH), not a file of the repository";
    }

    private static string? ClassifyInterpreter(string name, IReadOnlyList<string> arguments, Context context, ISet<string> files)
    {
        // A shell with a script on its command line: the script's commands are checked one by one.
        if (PosixShells.Contains(name) && arguments.Any(a => a.Length > 1 && a[0] == '-' && a[1] != '-' && a.Contains('c')))
        {
            return null;
        }

        if (name == "cmd")
        {
            return arguments.Any(a => a.Equals("/c", StringComparison.OrdinalIgnoreCase) || a.Equals("/k", StringComparison.OrdinalIgnoreCase))
                ? null
                : "cmd runs no command here";
        }

        string? script;
        if (name is "pwsh" or "powershell")
        {
            var index = IndexOfOption(arguments, "-file", "-f");
            if (IndexOfOption(arguments, "-command", "-c") >= 0)
            {
                return null; // the script is opened by CommandLine and checked as inner commands
            }

            script = index >= 0 && index + 1 < arguments.Count ? arguments[index + 1] : arguments.FirstOrDefault(a => !a.StartsWith('-'));
        }
        else
        {
            if (!PosixShells.Contains(name) && arguments.Any(a => a is "-c" or "-e" or "-m" or "--eval" or "-E" or "-p"))
            {
                return $"{name} runs inline code or a module, not a script file of the repository";
            }

            script = arguments.FirstOrDefault(a => !a.StartsWith('-'));
        }

        if (script is null)
        {
            return $"{name} runs no script file of the repository";
        }

        return RepositoryFile(script, context, files, out var why, runByShell: PosixShells.Contains(name)) ? null : why;
    }

    private static string? ClassifyDotnet(IReadOnlyList<string> arguments, Context context, ISet<string> files)
    {
        var verb = arguments.FirstOrDefault(a => !a.StartsWith('-'));
        if (verb is null)
        {
            return "'dotnet' without a command runs no generator";
        }

        var rest = arguments.SkipWhile(a => a != verb).Skip(1).ToList();
        switch (verb)
        {
            case "tool":
                if (rest.Count >= 2 && rest[0] == "run")
                {
                    return LocalTool(rest[1], context, files) ? null
                        : $"'{rest[1]}' is not a local tool of the repository's tool manifest (.config/dotnet-tools.json)";
                }

                return "only 'dotnet tool run NAME' runs a local tool; other 'dotnet tool' commands install or change tools";
            case "run":
                return ClassifyDotnetRun(rest, context, files);
            case "exec":
                var assembly = rest.FirstOrDefault(a => !a.StartsWith('-'));
                if (assembly is null)
                {
                    return "'dotnet exec' names no assembly of the repository";
                }

                return RepositoryFile(assembly, context, files, out var execWhy) ? null : execWhy;
            default:
                if (verb.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
                {
                    return RepositoryFile(verb, context, files, out var dllWhy) ? null : dllWhy;
                }

                return LocalTool("dotnet-" + verb, context, files) || LocalTool(verb, context, files) ? null
                    : $"'dotnet {verb}' is neither a local tool of the repository's tool manifest (.config/dotnet-tools.json) nor 'dotnet run --project' of a repository project";
        }
    }

    private static string? ClassifyDotnetRun(List<string> arguments, Context context, ISet<string> files)
    {
        string? project = null;
        string? file = null;
        for (var i = 0; i < arguments.Count; i++)
        {
            var argument = arguments[i];
            if (argument == "--")
            {
                break; // the generator's own arguments
            }

            if (argument is "--project" or "-p" or "--file" && i + 1 < arguments.Count)
            {
                (argument == "--file" ? ref file : ref project) = arguments[++i];
            }
            else if (argument.StartsWith("--project=", StringComparison.Ordinal))
            {
                project = argument["--project=".Length..];
            }
            else if (argument.StartsWith("--file=", StringComparison.Ordinal))
            {
                file = argument["--file=".Length..];
            }
            else if (file is null && project is null && !argument.StartsWith('-') && argument.EndsWith(".cs", StringComparison.OrdinalIgnoreCase))
            {
                file = argument; // a file-based program: dotnet run gen.cs
            }
        }

        if (file is not null)
        {
            return RepositoryFile(file, context, files, out var why) ? null : why;
        }

        if (project is null)
        {
            return "'dotnet run' without --project runs the project of the current folder; name the generator's project with --project";
        }

        var full = Path.GetFullPath(Path.Combine(context.CurrentDirectory, project));
        var projectFile = File.Exists(full) ? full
            : Directory.Exists(full) ? Directory.EnumerateFiles(full).Where(f => ProjectExtensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase)).Order(StringComparer.Ordinal).FirstOrDefault()
            : null;
        if (projectFile is null)
        {
            return $"'{project}' is not a project of the repository";
        }

        if (!RepositoryPaths.IsUnder(projectFile, context.Root))
        {
            return $"'{project}' is a project outside the repository";
        }

        // The generator is the project's sources: a changed generator makes the output stale.
        context.ProjectFolders.Add(Path.GetDirectoryName(projectFile)!);
        foreach (var source in ProjectSources(Path.GetDirectoryName(projectFile)!))
        {
            files.Add(source);
        }

        return null;
    }

    /// <summary>The files of a generator project: everything in its folder except build output
    /// (bin/, obj/) and hidden folders.</summary>
    public static IEnumerable<string> ProjectSources(string projectDirectory)
    {
        var pending = new Stack<string>();
        pending.Push(projectDirectory);
        while (pending.Count > 0)
        {
            var directory = pending.Pop();
            foreach (var file in Directory.EnumerateFiles(directory))
            {
                yield return Path.GetFullPath(file);
            }

            foreach (var child in Directory.EnumerateDirectories(directory))
            {
                var name = Path.GetFileName(child);
                if (name is not ("bin" or "obj") && !name.StartsWith('.'))
                {
                    pending.Push(child);
                }
            }
        }
    }

    private static bool RepositoryFile(string path, Context context, ISet<string> files, out string? why, bool runByShell = false)
    {
        var full = Path.GetFullPath(Path.Combine(context.CurrentDirectory, path));
        if (!File.Exists(full))
        {
            why = $"'{path}' is not a file of the repository (no such file from the project folder)";
            return false;
        }

        if (!RepositoryPaths.IsUnder(full, context.Root))
        {
            why = $"'{path}' is a file outside the repository";
            return false;
        }

        if ((runByShell || IsShellScript(full)) && NetworkFetch(full, context.Root) is { } fetch)
        {
            why = $"the script '{path}' runs '{fetch.Command}' (line {fetch.Line}), which fetches from the network, so the generator is not what the repository holds; commit what it downloads, or make it a local tool";
            return false;
        }

        files.Add(full);
        why = null;
        return true;
    }

    private static bool IsShellScript(string file)
    {
        var extension = Path.GetExtension(file).ToLowerInvariant();
        if (extension is ".sh" or ".bash")
        {
            return true;
        }

        if (extension.Length > 0)
        {
            return false;
        }

        using var reader = new StreamReader(file);
        var first = reader.ReadLine() ?? string.Empty;
        return first.StartsWith("#!", StringComparison.Ordinal) && PosixShells.Any(s => first.EndsWith("/" + s, StringComparison.Ordinal) || first.EndsWith(" " + s, StringComparison.Ordinal));
    }

    /// <summary>The first command of a shell script that downloads (the Exec gate's rules, Commands/NetworkCommands),
    /// with its line: a repository script that fetches gets its real generator (or its input) at run time.</summary>
    private static (string Command, int Line)? NetworkFetch(string script, string root)
    {
        var text = File.ReadAllText(script);
        var context = new CommandContext(root, allowedSources: null, workingDirectory: Path.GetDirectoryName(script));
        foreach (var command in CommandLine.Flatten(CommandLine.Parse(text, ShellDialect.Posix)))
        {
            if (NetworkCommands.Reason(command, context) is not null)
            {
                var lines = text.Split('\n');
                var index = Array.FindIndex(lines, l => l.Contains(command.Program, StringComparison.Ordinal) && !l.TrimStart().StartsWith('#'));
                return (command.Text, index + 1);
            }
        }

        return null;
    }

    /// <summary>Whether a tool manifest between the project folder and the repository root lists
    /// <paramref name="command"/>; the manifest is added to the files.</summary>
    private static bool LocalTool(string command, Context context, ISet<string> files)
    {
        foreach (var manifest in ToolManifests(context.CurrentDirectory, context.Root))
        {
            var (commands, isRoot) = ReadManifest(manifest);
            if (commands.Contains(command))
            {
                files.Add(manifest);
                return true;
            }

            if (isRoot)
            {
                break;
            }
        }

        return false;
    }

    /// <summary>The tool manifests dotnet would consult, nearest first, up to the repository root.</summary>
    public static IEnumerable<string> ToolManifests(string projectDirectory, string root)
    {
        for (var directory = new DirectoryInfo(projectDirectory); directory is not null && RepositoryPaths.IsUnder(directory.FullName, root); directory = directory.Parent)
        {
            foreach (var candidate in new[] { Path.Combine(directory.FullName, ".config", "dotnet-tools.json"), Path.Combine(directory.FullName, "dotnet-tools.json") })
            {
                if (File.Exists(candidate))
                {
                    yield return candidate;
                }
            }
        }
    }

    private static (HashSet<string> Commands, bool IsRoot) ReadManifest(string path)
    {
        var commands = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            JsonInput.RequireUnicode(document, path);
            var root = document.RootElement;
            var isRoot = root.TryGetProperty("isRoot", out var isRootValue) && isRootValue.ValueKind == JsonValueKind.True;
            if (root.TryGetProperty("tools", out var tools) && tools.ValueKind == JsonValueKind.Object)
            {
                foreach (var tool in tools.EnumerateObject())
                {
                    if (tool.Value.ValueKind == JsonValueKind.Object && tool.Value.TryGetProperty("commands", out var list) && list.ValueKind == JsonValueKind.Array)
                    {
                        foreach (var entry in list.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String))
                        {
                            commands.Add(entry.GetString()!);
                        }
                    }
                }
            }

            return (commands, isRoot);
        }
        catch (JsonException e)
        {
            throw new HermeticInputException(new SourceLocation(path, (int)(e.LineNumber ?? -1) + 1), "the tool manifest is not valid JSON (" + e.Message.TrimEnd('.') + ")", e);
        }
    }

    private static bool HasDirectory(string program) => program.Contains('/') || program.Contains('\\');

    private static int IndexOfOption(IReadOnlyList<string> arguments, string longName, string shortName)
    {
        for (var i = 0; i < arguments.Count; i++)
        {
            var a = arguments[i].ToLowerInvariant();
            if (a == shortName || (a.Length > 2 && longName.StartsWith(a, StringComparison.Ordinal)))
            {
                return i;
            }
        }

        return -1;
    }
}
