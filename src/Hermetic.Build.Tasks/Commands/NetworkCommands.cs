namespace Hermetic.Build.Commands;

/// <summary>
/// The commands that fetch or install from the network (contract §4): download tools, package
/// managers' install verbs, git's fetching verbs. Matched on each simple command a command line
/// runs (<see cref="CommandLine"/>), the commands inside <c>sh -c</c>, <c>cmd /c</c>, <c>pwsh -c</c>
/// and substitutions included.
/// </summary>
public static class NetworkCommands
{
    /// <summary>Programs whose every use is a download.</summary>
    private static readonly HashSet<string> Downloaders = new(StringComparer.Ordinal)
    {
        "curl", "wget", "aria2c", "invoke-webrequest", "iwr", "invoke-restmethod", "irm", "start-bitstransfer", "bitsadmin", "npx", "pnpx",
    };

    /// <summary>Program, then the verbs (the first argument, or the first two) that fetch or install.</summary>
    private static readonly Dictionary<string, string[]> Verbs = new(StringComparer.Ordinal)
    {
        ["dotnet"] = ["tool install", "tool update", "add package", "workload install", "workload update", "workload restore", "new install"],
        ["nuget"] = ["install", "update"],
        ["npm"] = ["install", "i", "ci", "add", "update", "upgrade", "exec", "x"],
        ["yarn"] = ["add", "install", "upgrade", "up", "dlx"],
        ["pnpm"] = ["install", "i", "add", "update", "up", "fetch", "dlx"],
        ["git"] = ["clone", "fetch", "pull", "submodule update", "ls-remote", "remote update"],
        ["pip"] = ["install", "download"],
        ["pip3"] = ["install", "download"],
        ["pipx"] = ["install", "run"],
        ["apt-get"] = ["install", "update", "upgrade", "dist-upgrade"],
        ["apt"] = ["install", "update", "upgrade"],
        ["yum"] = ["install", "update"],
        ["dnf"] = ["install", "update"],
        ["apk"] = ["add", "update"],
        ["brew"] = ["install", "update", "upgrade"],
        ["choco"] = ["install", "upgrade"],
        ["winget"] = ["install", "upgrade"],
        ["gem"] = ["install", "update"],
        ["cargo"] = ["install", "fetch"],
        ["go"] = ["get", "install", "mod download"],
        ["install-package"] = [string.Empty],
        ["install-module"] = [string.Empty],
    };

    /// <summary>Options that keep a package manager off the network.</summary>
    private static readonly HashSet<string> OfflineOptions = new(StringComparer.OrdinalIgnoreCase)
    {
        "--offline", "--prefer-offline=false", "--no-index", "--frozen-offline",
    };

    /// <summary>Options before the verb that take the next word as their value.</summary>
    private static readonly HashSet<string> ValueOptions = new(StringComparer.Ordinal)
    {
        "-C", "-c", "--git-dir", "--work-tree", "--prefix", "--cwd", "--dir", "-r", "--requirement",
    };

    /// <summary>Why a simple command reaches the network ("curl downloads …"), or null when it does not.</summary>
    public static string? Reason(SimpleCommand command)
    {
        var program = command.ProgramName;
        var arguments = command.Arguments;
        if (Downloaders.Contains(program))
        {
            return $"'{program}' downloads from the network";
        }

        if (arguments.Any(a => a.Contains("Net.WebClient", StringComparison.OrdinalIgnoreCase) || a.Contains("Net.Http.HttpClient", StringComparison.OrdinalIgnoreCase)))
        {
            return $"'{program}' downloads with a .NET web client";
        }

        // python -m pip install …
        if (program.StartsWith("python", StringComparison.Ordinal) || program == "py")
        {
            var module = IndexOf(arguments, "-m");
            if (module >= 0 && module + 1 < arguments.Count)
            {
                return Reason(new SimpleCommand(arguments[module + 1], arguments.Skip(module + 2).ToList(), []));
            }

            return null;
        }

        if (!Verbs.TryGetValue(program, out var verbs))
        {
            return null;
        }

        if (arguments.Any(OfflineOptions.Contains))
        {
            return null;
        }

        var words = new List<string>();
        for (var i = 0; i < arguments.Count; i++)
        {
            if (ValueOptions.Contains(arguments[i]))
            {
                i++; // git -C <dir>, npm --prefix <dir>: the value is not a verb
            }
            else if (!arguments[i].StartsWith('-'))
            {
                words.Add(arguments[i].ToLowerInvariant());
            }
        }

        if (program == "yarn" && words.Count == 0)
        {
            return "'yarn' (no command: install) installs packages from the network";
        }

        foreach (var verb in verbs)
        {
            var parts = verb.Length == 0 ? [] : verb.Split(' ');
            if (parts.Length <= words.Count && parts.Select((p, i) => words[i] == p).All(x => x))
            {
                var shown = parts.Length == 0 ? program : program + " " + verb;
                return $"'{shown}' fetches or installs from the network";
            }
        }

        return null;
    }

    private static int IndexOf(IReadOnlyList<string> list, string value)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] == value)
            {
                return i;
            }
        }

        return -1;
    }
}
