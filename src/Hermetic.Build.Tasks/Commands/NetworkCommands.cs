using System.Text.RegularExpressions;

namespace Hermetic.Build.Commands;

/// <summary>
/// The commands that fetch or install from the network (HB4004; docs/diagnostics/HB4004.md lists
/// the rules). Matched on each simple command a command line runs (<see cref="CommandLine"/>: the
/// commands inside <c>sh -c</c>, <c>cmd /c</c>, <c>pwsh -c</c>, substitutions and wrappers
/// included). Each program has its own rule and its own offline spellings: an option counts only
/// where that program reads it as offline (<c>npm --offline</c>, <c>cargo --frozen</c>,
/// <c>pip --no-index</c> with local find-links), never an option that merely looks offline
/// (<c>--prefer-offline</c>, <c>--offline=false</c>). One list, used by the Exec gate (HB4004) and by
/// generator pinning (HB4003: a repository script that fetches is not a pinned generator).
/// </summary>
public static partial class NetworkCommands
{
    /// <summary>Why a simple command reaches the network ("'curl' downloads …"), or null when it does not.</summary>
    public static string? Reason(SimpleCommand command) => Reason(command, CommandContext.Default);

    /// <summary>As <see cref="Reason(SimpleCommand)"/>, with the repository, allowed sources and the task's variables.</summary>
    public static string? Reason(SimpleCommand command, CommandContext context)
    {
        // Variable names, not paths: Windows alone ignores their case.
        var comparer = OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
        var environment = new Dictionary<string, string>(comparer);
        foreach (var (name, value) in context.Environment.Concat(command.Assignments))
        {
            environment[name] = value;
        }

        return Check(new Call(command.ProgramName, command.Arguments, context, environment));
    }

    /// <summary>One program run with its arguments, the context, and the variables it sees.</summary>
    private sealed record Call(string Name, IReadOnlyList<string> Arguments, CommandContext Context, IReadOnlyDictionary<string, string> Environment)
    {
        public string? Variable(string name) => Environment.GetValueOrDefault(name);

        public Call Run(string name, IEnumerable<string> arguments) => this with { Name = name, Arguments = arguments.ToList() };
    }

    private static string? Check(Call call)
    {
        if (WebClientInArguments(call) is { } webClient)
        {
            return webClient;
        }

        if (Rules.TryGetValue(call.Name, out var rule))
        {
            return rule(call);
        }

        if (PythonName().IsMatch(call.Name))
        {
            return Python(call);
        }

        return PipName().IsMatch(call.Name) ? Pip(call.Run("pip", call.Arguments)) : null;
    }

    [GeneratedRegex("^(python|pythonw|py|pypy)[0-9.]*w?$")]
    private static partial Regex PythonName();

    [GeneratedRegex("^pip[0-9.]*$")]
    private static partial Regex PipName();

    private static string Fetches(string shown) => $"'{shown}' fetches or installs from the network";

    private static readonly Dictionary<string, Func<Call, string?>> Rules = BuildRules();

    private static Dictionary<string, Func<Call, string?>> BuildRules()
    {
        var rules = new Dictionary<string, Func<Call, string?>>(StringComparer.Ordinal)
        {
            ["dotnet"] = Dotnet,
            ["nuget"] = NuGet,
            ["msbuild"] = c => MSBuild(c, "msbuild", c.Arguments),
            ["npm"] = Npm,
            ["yarn"] = Yarn,
            ["pnpm"] = Pnpm,
            ["corepack"] = Corepack,
            ["uv"] = Uv,
            ["git"] = Git,
            ["cargo"] = Cargo,
            ["go"] = Go,
            ["docker-compose"] = c => Compose(c, c.Arguments),
            ["podman-compose"] = c => Compose(c, c.Arguments),
            ["helm"] = Helm,
            ["certutil"] = c => c.Arguments.Any(a => a.Equals("-urlcache", StringComparison.OrdinalIgnoreCase) || a.Equals("-verifyctl", StringComparison.OrdinalIgnoreCase) || IsUrl(a))
                ? "'certutil -urlcache' downloads from the network" : null,
            ["scp"] = c => c.Arguments.Any(a => !a.StartsWith('-') && IsRemote(a)) ? "'scp' copies from another machine over the network" : null,
            ["rsync"] = c => c.Arguments.Any(a => !a.StartsWith('-') && (IsRemote(a) || a.Contains("::", StringComparison.Ordinal))) ? "'rsync' copies from another machine over the network" : null,
            ["rclone"] = c => Words(c.Arguments).Skip(1).Any(IsRemote) ? "'rclone' copies from a remote store over the network" : null,
            ["pacman"] = c => c.Arguments.Any(a => (a.StartsWith("-S", StringComparison.Ordinal) && !a.StartsWith("-Sc", StringComparison.Ordinal)) || a == "--sync" || (a.StartsWith("-U", StringComparison.Ordinal) && c.Arguments.Any(IsUrl)))
                ? Fetches("pacman -S") : null,
            ["mvn"] = c => OnlyVersionOrHelp(c.Arguments) || Has(c.Arguments, "-o", "--offline") ? null : "'mvn' downloads plugins and dependencies (offline: -o)",
            ["gradle"] = c => OnlyVersionOrHelp(c.Arguments) || Has(c.Arguments, "--offline") ? null : "'gradle' downloads plugins and dependencies (offline: --offline)",
            ["python"] = Python,
        };
        rules["xbuild"] = rules["msbuild"];
        rules["mvnw"] = rules["mvn"];
        rules["gradlew"] = rules["gradle"];

        foreach (var name in new[] { "docker", "podman", "nerdctl" })
        {
            rules[name] = Container;
        }

        // Programs whose every use (other than asking their version or help) reaches the network.
        foreach (var name in new[]
                 {
                     "curl", "wget", "wget2", "aria2c", "axel", "http", "https", "xh", "xhs", "lwp-download", "lwp-request", "ftp", "tftp", "lftp", "sftp",
                     "ssh", "telnet", "bitsadmin", "invoke-webrequest", "iwr", "invoke-restmethod", "irm", "start-bitstransfer", "rustup-init",
                     "dotnet-install", "dotnet-install.sh", "dotnet-install.ps1", "nix-prefetch-url", "cpan", "cpanm", "cinst", "cup",
                 })
        {
            rules[name] = c => OnlyVersionOrHelp(c.Arguments) ? null : $"'{c.Name}' downloads from the network";
        }

        // Programs that download what they run.
        foreach (var name in new[] { "npx", "pnpx", "bunx", "uvx", "dnx" })
        {
            rules[name] = c => OnlyVersionOrHelp(c.Arguments) || (c.Name is "npx" or "pnpx" && (Switch(c.Arguments, "--offline") == true || Has(c.Arguments, "--no-install", "--no")))
                ? null
                : $"'{c.Name}' downloads the package it runs";
        }

        // PowerShell's package cmdlets.
        foreach (var name in new[]
                 {
                     "save-module", "install-module", "update-module", "find-module", "install-package", "save-package", "find-package", "install-packageprovider",
                     "install-psresource", "save-psresource", "update-psresource", "find-psresource", "install-script", "save-script", "find-script", "update-script",
                     "update-help", "save-help",
                 })
        {
            rules[name] = c => $"'{c.Name}' downloads from a package gallery";
        }

        // Cloud and forge command lines: every command but version, help and local configuration calls the service.
        foreach (var name in new[] { "az", "aws", "gcloud", "gsutil", "azcopy", "s3cmd", "gh", "glab", "bq" })
        {
            rules[name] = Cloud;
        }

        // Programs whose verbs fetch: "verb|two words|…", then what keeps them offline.
        AddVerbs(rules, "apt-get apt aptitude", "install|update|upgrade|dist-upgrade|full-upgrade|download|source|build-dep|reinstall|changelog",
            offline: c => Has(c.Arguments, "--no-download"));
        AddVerbs(rules, "apk", "add|update|upgrade|fetch|search", offline: c => Has(c.Arguments, "--no-network"));
        AddVerbs(rules, "dnf yum microdnf tdnf", "install|update|upgrade|download|makecache|reinstall|groupinstall|group install|distro-sync|builddep|check-update|search",
            offline: c => Has(c.Arguments, "-C", "--cacheonly"));
        AddVerbs(rules, "zypper", "install|in|update|up|dist-upgrade|dup|refresh|ref|source-install|si|patch|download");
        AddVerbs(rules, "brew", "install|reinstall|upgrade|update|fetch|tap|bundle|search|outdated");
        AddVerbs(rules, "choco", "install|upgrade|download|outdated|search|find|info|push");
        AddVerbs(rules, "winget", "install|add|upgrade|update|download|search|find|show|view|source update|import|repair");
        AddVerbs(rules, "scoop", "install|update|bucket add|download|search");
        AddVerbs(rules, "snap", "install|refresh|download");
        AddVerbs(rules, "flatpak", "install|update|remote-add|remote-ls");
        AddVerbs(rules, "port", "install|selfupdate|sync|upgrade|fetch");
        AddVerbs(rules, "pkg", "install|update|upgrade|fetch");
        AddVerbs(rules, "nix", "build|develop|shell|run|profile install|profile upgrade|flake update|flake lock|copy|store prefetch-file",
            offline: c => Switch(c.Arguments, "--offline") == true);
        AddVerbs(rules, "nix-channel", "--update");
        AddVerbs(rules, "vcpkg", "install|update|upgrade|x-update-baseline|fetch|x-download");
        AddVerbs(rules, "conan", "install|create|graph|lock create|export-pkg", offline: c => Has(c.Arguments, "--no-remote", "-nr"), always: "download|upload|search|remote login");
        AddVerbs(rules, "paket", "install|update|restore|add|outdated|find-packages|find-package-versions|convert-from-nuget");
        AddVerbs(rules, "composer", "install|update|require|create-project|global|self-update|selfupdate|outdated|upgrade|reinstall");
        AddVerbs(rules, "bun", "install|i|add|a|update|upgrade|outdated|create|c|x|publish|pm trust");
        AddVerbs(rules, "poetry", "install|add|update|lock|sync|search|publish|self");
        AddVerbs(rules, "pipx", "install|install-all|run|upgrade|upgrade-all|upgrade-shared|inject|reinstall|reinstall-all|runpip");
        AddVerbs(rules, "pdm", "install|add|update|lock|sync|publish|self");
        AddVerbs(rules, "conda mamba micromamba", "install|create|update|upgrade|env create|env update|search",
            offline: c => Switch(c.Arguments, "--offline") == true || IsTrue(c.Variable("CONDA_OFFLINE")));
        AddVerbs(rules, "gem", "install|i|update|fetch|search|outdated", offline: c => Has(c.Arguments, "--local", "-l"), always: "push|yank|owner|signin");
        AddVerbs(rules, "bundle bundler", "install|update|add|outdated|lock|cache|package", offline: c => Has(c.Arguments, "--local"));
        AddVerbs(rules, "rustup", "install|update|toolchain install|toolchain add|target add|target install|component add|self update|init|default");
        AddVerbs(rules, "terraform tofu", "init|get|providers mirror", offline: c => c.Arguments.Any(a => a.StartsWith("-plugin-dir", StringComparison.Ordinal)));
        AddVerbs(rules, "buildah", "pull|push|bud|build|from|login");
        AddVerbs(rules, "skopeo", "copy|inspect|sync|list-tags|login|delete");
        AddVerbs(rules, "crane oras regctl", "pull|push|copy|cp|manifest|digest|ls|catalog|config|export|append|mutate|tag|login|blob|image|artifact|repo|attach|discover");
        AddVerbs(rules, "deno", "install|i|cache|add|upgrade|outdated", offline: c => Has(c.Arguments, "--cached-only"));
        return rules;
    }

    private static void AddVerbs(Dictionary<string, Func<Call, string?>> rules, string programs, string verbs, Func<Call, bool>? offline = null, string always = "")
    {
        var fetching = verbs.Split('|').Select(v => v.Split(' ')).ToList();
        var online = always.Split('|', StringSplitOptions.RemoveEmptyEntries).Select(v => v.Split(' ')).ToList();
        foreach (var program in programs.Split(' '))
        {
            rules[program] = call =>
            {
                // Words are the arguments that are not options ("--update" is nix-channel's verb); the verb
                // may follow an option's value (apt-get -o Dpkg::Options=x install), so a few words are tried.
                var words = call.Arguments.Where(a => !a.StartsWith('-') || verbs.StartsWith("--", StringComparison.Ordinal)).ToList();
                for (var start = 0; start < Math.Min(3, words.Count); start++)
                {
                    var tail = words.Skip(start).ToList();
                    if (Match(tail, online) is { } networkVerb)
                    {
                        return Fetches(call.Name + " " + networkVerb);
                    }

                    if (Match(tail, fetching) is { } verb)
                    {
                        return offline?.Invoke(call) == true ? null : Fetches(call.Name + " " + verb);
                    }
                }

                return null;
            };
        }
    }

    /// <summary>The verb (one word or more) the words start with, case-insensitively.</summary>
    private static string? Match(IReadOnlyList<string> words, IEnumerable<string[]> verbs)
    {
        foreach (var verb in verbs)
        {
            if (verb.Length <= words.Count && verb.Select((part, i) => part.Equals(words[i], StringComparison.OrdinalIgnoreCase)).All(x => x))
            {
                return string.Join(" ", verb);
            }
        }

        return null;
    }

    // ----- .NET -----

    private static readonly HashSet<string> DotnetValueOptions = Set(
        "-c --configuration -f --framework -o --output -s --source -r --runtime -v --verbosity -a --arch --os --configfile --add-source --version "
        + "--tool-manifest --project -p --property --packages --tool-path --artifacts-path --launch-profile -lp -e --environment -l --logger --filter "
        + "--settings --results-directory --collect --diag --package-directory --language -lang -n --name --file --interactive-timeout");

    private static string? Dotnet(Call call)
    {
        var words = Words(call.Arguments, DotnetValueOptions);
        if (words.Count == 0)
        {
            return null;
        }

        var verb = words[0].ToLowerInvariant();
        var second = words.Count > 1 ? words[1].ToLowerInvariant() : string.Empty;
        var after = call.Arguments.SkipWhile(a => !a.Equals(words[0], StringComparison.Ordinal)).Skip(1).ToList();
        switch (verb)
        {
            case "tool" when second == "restore":
                return "'dotnet tool restore' downloads every tool of the tool manifest";
            case "tool" when second is "install" or "update" or "search" or "exec" or "execute":
            case "package" when second is "add" or "update" or "search":
            case "workload" when second is "install" or "update" or "restore" or "repair" or "search":
            case "nuget" when second is "push" or "delete":
            case "sdk" when second == "check":
            case "new" when second is "install" or "update" or "search":
                return Fetches($"dotnet {verb} {second}");
            case "new" when Has(call.Arguments, "-i", "--install", "--update-apply", "--update-check", "--search"):
                return Fetches("dotnet new --install");
            case "add" when words.Skip(1).Any(w => w.Equals("package", StringComparison.OrdinalIgnoreCase)):
                return Fetches("dotnet add package");
            case "msbuild":
                return MSBuild(call, "dotnet msbuild", after);
            case "restore" or "build" or "test" or "pack" or "publish" or "run" or "watch":
                return verb != "restore" && Has(after, "--no-restore") ? null : RestoreSources(call, "dotnet " + verb, after, shortSource: verb is "restore" or "build");
            case "paket":
                return Check(call.Run("paket", after));
            default:
                return null;
        }
    }

    /// <summary>MSBuild restores only with <c>-restore</c> or the Restore target; then its sources must be allowed.</summary>
    private static string? MSBuild(Call call, string shown, IReadOnlyList<string> arguments)
    {
        var restores = false;
        foreach (var argument in arguments)
        {
            var option = argument.TrimStart('-', '/').ToLowerInvariant();
            if (argument.Length > 1 && argument[0] is '-' or '/')
            {
                if (option is "restore" or "r" or "restore:true" or "r:true")
                {
                    restores = true;
                }
                else if (option.StartsWith("t:", StringComparison.Ordinal) || option.StartsWith("target:", StringComparison.Ordinal))
                {
                    restores |= option[(option.IndexOf(':') + 1)..].Split(';', ',').Any(t => t.Trim() == "restore");
                }
            }
        }

        return restores ? RestoreSources(call, shown + " -t:Restore", arguments, shortSource: false) : null;
    }

    /// <summary>A restore's sources (<c>--source</c>, <c>RestoreSources</c>…) must be folders inside the
    /// repository or listed in HermeticAllowedSources, and a nuget.config it names must be the repository's.</summary>
    private static string? RestoreSources(Call call, string shown, IReadOnlyList<string> arguments, bool shortSource)
    {
        var sources = Values(arguments, "--source")
            .Concat(shortSource ? Values(arguments, "-s") : [])
            .Concat(Values(arguments, "--add-source"))
            .Concat(MSBuildProperties(arguments, "RestoreSources", "RestoreAdditionalProjectSources", "RestoreFallbackFolders", "RestoreAdditionalProjectFallbackFolders"))
            .SelectMany(SplitList);
        foreach (var source in sources)
        {
            if (!call.Context.IsAllowedSource(source))
            {
                return $"'{shown}' restores from '{source}', which is neither a folder inside the repository (HermeticRoot) nor listed in HermeticAllowedSources";
            }
        }

        foreach (var config in Values(arguments, "--configfile").Concat(MSBuildProperties(arguments, "RestoreConfigFile")))
        {
            if (!call.Context.IsInsideRoot(config))
            {
                return $"'{shown}' takes its package sources from '{config}', a nuget.config outside the repository";
            }
        }

        return null;
    }

    /// <summary>Values of MSBuild properties set on the command line: <c>-p:A=x</c>, <c>/p:A=x;B=y</c>,
    /// <c>-property:A=x</c>, <c>--property A=x</c>; a value may itself hold <c>;</c>-separated items.</summary>
    private static List<string> MSBuildProperties(IReadOnlyList<string> arguments, params string[] names)
    {
        var values = new List<string>();
        for (var i = 0; i < arguments.Count; i++)
        {
            var argument = arguments[i];
            string? assignments = null;
            var lower = argument.ToLowerInvariant();
            foreach (var prefix in new[] { "-p:", "/p:", "-property:", "/property:", "--property:" })
            {
                if (lower.StartsWith(prefix, StringComparison.Ordinal))
                {
                    assignments = argument[prefix.Length..];
                }
            }

            if (assignments is null && lower is "-p" or "--property" or "-property" && i + 1 < arguments.Count)
            {
                assignments = arguments[++i];
            }

            if (assignments is null)
            {
                continue;
            }

            string? current = null;
            foreach (var part in assignments.Replace("%3B", ";", StringComparison.OrdinalIgnoreCase).Split(';'))
            {
                var equals = part.IndexOf('=');
                var value = part;
                if (equals > 0 && PropertyName().IsMatch(part[..equals]))
                {
                    current = part[..equals].Trim();
                    value = part[(equals + 1)..];
                }

                if (current is not null && names.Contains(current, StringComparer.OrdinalIgnoreCase) && value.Trim('"', ' ').Length > 0)
                {
                    values.Add(value.Trim('"', ' '));
                }
            }
        }

        return values;
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_.-]*$")]
    private static partial Regex PropertyName();

    private static readonly HashSet<string> NuGetValueOptions = new(StringComparer.OrdinalIgnoreCase)
    {
        "-Source", "-FallbackSource", "-OutputDirectory", "-Version", "-ConfigFile", "-PackagesDirectory", "-SolutionDirectory", "-Verbosity",
        "-MSBuildPath", "-MSBuildVersion", "-Project2ProjectTimeOut", "-DependencyVersion", "-Framework", "-ApiKey", "-Timeout", "-FileConflictAction", "-Id",
    };

    /// <summary>nuget.exe: install, update and restore take their sources from the machine's NuGet
    /// configuration unless every <c>-Source</c> names an allowed one.</summary>
    private static string? NuGet(Call call)
    {
        var words = Words(call.Arguments, NuGetValueOptions);
        var verb = words.FirstOrDefault()?.ToLowerInvariant();
        switch (verb)
        {
            case "push" or "delete" or "list" or "search" or "mirror":
                return Fetches("nuget " + verb);
            case "install" or "update" or "restore":
                var sources = Values(call.Arguments, "-Source").Concat(Values(call.Arguments, "-FallbackSource")).SelectMany(SplitList).ToList();
                if (sources.Count == 0 || Has(call.Arguments, "-self"))
                {
                    return $"'nuget {verb}' fetches from the package sources of NuGet's configuration (name the repository's folder with -Source)";
                }

                foreach (var source in sources.Where(s => !call.Context.IsAllowedSource(s)))
                {
                    return $"'nuget {verb}' restores from '{source}', which is neither a folder inside the repository (HermeticRoot) nor listed in HermeticAllowedSources";
                }

                return null;
            default:
                return null;
        }
    }

    // ----- JavaScript -----

    private static readonly HashSet<string> NodeValueOptions = Set(
        "--prefix -w --workspace --registry --cache --userconfig --globalconfig --loglevel --tag --omit --include --install-strategy --location --dir -C "
        + "--filter -F --cwd --modules-folder --cache-folder --network-timeout --mutex --use-yarnrc --link-folder --global-folder --store-dir --reporter");

    private static readonly HashSet<string> NpmFetching = Set(
        "install i in ins inst insta instal isnt isnta isntal isntall add ci clean-install ic install-clean isntall-clean update up upgrade udpate "
        + "exec x install-test it install-ci-test cit dedupe ddp outdated view v info show search s se find link ln");

    private static readonly HashSet<string> NpmAlwaysOnline = Set("publish unpublish login adduser add-user ping dist-tag deprecate owner access star audit doctor token");

    private static string? Npm(Call call)
    {
        var words = Words(call.Arguments, NodeValueOptions);
        var verb = words.FirstOrDefault()?.ToLowerInvariant();
        if (verb is null)
        {
            return null;
        }

        if (NpmAlwaysOnline.Contains(verb))
        {
            return Fetches("npm " + verb);
        }

        var fetches = NpmFetching.Contains(verb) || (verb is "init" or "create" or "innit" && words.Count > 1);
        return fetches && !NpmOffline(call) ? Fetches("npm " + verb) : null;
    }

    /// <summary>npm's and pnpm's offline mode: <c>--offline</c> (not <c>--prefer-offline</c>, which fetches
    /// what the cache lacks), or <c>npm_config_offline=true</c>; the command line wins.</summary>
    private static bool NpmOffline(Call call) =>
        Switch(call.Arguments, "--offline") ?? IsTrue(call.Variable("npm_config_offline") ?? call.Variable("NPM_CONFIG_OFFLINE"));

    private static string? Yarn(Call call)
    {
        var words = Words(call.Arguments, NodeValueOptions);
        // yarn workspace NAME add x; yarn workspaces foreach add x
        if (words.Count >= 2 && words[0].Equals("workspace", StringComparison.OrdinalIgnoreCase))
        {
            words = words.Skip(2).ToList();
        }
        else if (words.Count >= 2 && words[0].Equals("workspaces", StringComparison.OrdinalIgnoreCase) && words[1].Equals("foreach", StringComparison.OrdinalIgnoreCase))
        {
            words = words.Skip(2).ToList();
        }

        var verb = words.FirstOrDefault()?.ToLowerInvariant() ?? "install"; // bare yarn installs
        if (verb is "dlx" or "npm" or "publish" or "login" or "info" or "audit" or "set" or "plugin" or "policies" or "self-update" or "create")
        {
            return Fetches("yarn " + verb);
        }

        var offline = Switch(call.Arguments, "--offline") ?? IsFalse(call.Variable("YARN_ENABLE_NETWORK"));
        return verb is "install" or "add" or "upgrade" or "up" or "upgrade-interactive" or "global" or "import" or "dedupe" or "outdated" && !offline
            ? Fetches(words.Count == 0 ? "yarn" : "yarn " + verb)
            : null;
    }

    private static string? Pnpm(Call call)
    {
        var words = Words(call.Arguments, NodeValueOptions);
        var verb = words.FirstOrDefault()?.ToLowerInvariant();
        if (verb is "dlx" or "publish" or "audit" or "create" or "env" or "self-update" or "login")
        {
            return Fetches("pnpm " + verb);
        }

        return verb is "install" or "i" or "add" or "update" or "up" or "upgrade" or "fetch" or "install-test" or "it" or "outdated" or "import" && !NpmOffline(call)
            ? Fetches("pnpm " + verb)
            : null;
    }

    private static string? Corepack(Call call)
    {
        var words = Words(call.Arguments);
        var verb = words.FirstOrDefault()?.ToLowerInvariant();
        return verb switch
        {
            "install" or "prepare" or "up" or "use" or "pack" => Fetches("corepack " + verb),
            "npm" or "pnpm" or "yarn" => Check(call.Run(verb, call.Arguments.SkipWhile(a => !a.Equals(words[0], StringComparison.Ordinal)).Skip(1))),
            _ => null,
        };
    }

    // ----- Python -----

    private static string? Python(Call call)
    {
        var arguments = call.Arguments;
        for (var i = 0; i < arguments.Count; i++)
        {
            var argument = arguments[i];
            string? module = null;
            var rest = i + 1;
            if (argument is "-W" or "-X" or "-Q")
            {
                i++; // an option with a value (python -W ignore -m pip)
                continue;
            }

            if (argument == "-m" && i + 1 < arguments.Count)
            {
                module = arguments[i + 1];
                rest = i + 2;
            }
            else if (argument.StartsWith("-m", StringComparison.Ordinal) && argument.Length > 2)
            {
                module = argument[2..];
            }
            else if (argument == "-c" || !argument.StartsWith('-'))
            {
                return null; // inline code (checked for web clients already) or a script
            }

            if (module is null)
            {
                continue;
            }

            var moduleArguments = arguments.Skip(rest);
            return module switch
            {
                "pip" => Pip(call.Run("pip", moduleArguments)),
                "uv" or "pipx" or "poetry" or "pdm" or "conda" => Check(call.Run(module, moduleArguments)),
                "venv" => Has(arguments, "--upgrade-deps") ? Fetches("python -m venv --upgrade-deps") : null,
                "build" => Has(arguments, "--no-isolation", "-n") ? null : "'python -m build' installs its build dependencies from the package index (offline: --no-isolation)",
                "twine" => Fetches("python -m twine"),
                _ => null,
            };
        }

        return null;
    }

    private static readonly HashSet<string> PipValueOptions = Set(
        "-r --requirement -c --constraint -e --editable -t --target --platform --python-version --implementation --abi --root --prefix --src "
        + "--upgrade-strategy -i --index-url --extra-index-url -f --find-links --no-binary --only-binary --progress-bar --log --proxy --retries --timeout "
        + "--exists-action --trusted-host --cert --client-cert --cache-dir --python -d --dest -w --wheel-dir --config-settings -C --global-option --report "
        + "--index --default-index --directory --project -p --with --from --group --extra --package -o --output-file --python-platform");

    private static string? Pip(Call call)
    {
        var words = Words(call.Arguments, PipValueOptions);
        var verb = words.FirstOrDefault()?.ToLowerInvariant();
        return verb switch
        {
            "index" or "search" => Fetches("pip " + verb),
            "install" or "download" or "wheel" or "lock" => PipInstall(call, "pip " + verb, words.Skip(1), "PIP_NO_INDEX"),
            _ => null,
        };
    }

    /// <summary>pip (and uv pip) install offline only with <c>--no-index</c> (or a local index) and nothing
    /// to fetch by URL: a URL find-links, extra index or requirement is a download even with <c>--no-index</c>.</summary>
    private static string? PipInstall(Call call, string shown, IEnumerable<string> requirements, string noIndexVariable)
    {
        var arguments = call.Arguments;
        var links = Values(arguments, "-f", attached: true).Concat(Values(arguments, "--find-links"))
            .Concat(Values(arguments, "--extra-index-url"))
            .Concat(new[] { call.Variable("PIP_FIND_LINKS"), call.Variable("PIP_EXTRA_INDEX_URL"), call.Variable("UV_FIND_LINKS") }.OfType<string>().SelectMany(v => v.Split(' ')));
        foreach (var link in links.Where(IsUrl))
        {
            return $"'{shown}' fetches from '{link}' (a find-links or index URL is a download, --no-index or not)";
        }

        foreach (var requirement in requirements.Concat(Values(arguments, "-e", attached: true)).Concat(Values(arguments, "--editable")).Where(IsUrl))
        {
            return $"'{shown}' installs '{requirement}' from the network";
        }

        if (Switch(arguments, "--no-index") ?? IsTrue(call.Variable(noIndexVariable)))
        {
            return null;
        }

        var indexes = Values(arguments, "-i", attached: true).Concat(Values(arguments, "--index-url")).Concat(Values(arguments, "--index")).Concat(Values(arguments, "--default-index")).ToList();
        var environmentIndex = call.Variable("PIP_INDEX_URL") ?? call.Variable("UV_INDEX_URL") ?? call.Variable("UV_DEFAULT_INDEX");
        if (environmentIndex is not null && indexes.Count == 0)
        {
            indexes.Add(environmentIndex);
        }

        return indexes.Count > 0 && !indexes.Any(IsUrl)
            ? null
            : $"'{shown}' fetches from the package index (offline: --no-index with local --find-links)";
    }

    private static string? Uv(Call call)
    {
        var words = Words(call.Arguments, PipValueOptions);
        var verb = words.FirstOrDefault()?.ToLowerInvariant();
        var offline = Switch(call.Arguments, "--offline") ?? IsTrue(call.Variable("UV_OFFLINE"));
        switch (verb)
        {
            case "publish":
                return Fetches("uv publish");
            case "pip" when words.Count > 1 && words[1].ToLowerInvariant() is "install" or "sync" or "compile" or "download":
                return offline ? null : PipInstall(call, "uv pip " + words[1].ToLowerInvariant(), words.Skip(2), "UV_NO_INDEX");
            case "run" when Has(call.Arguments, "--no-sync") && !Has(call.Arguments, "--with"):
                return null;
            case "sync" or "lock" or "add" or "remove" or "run" or "build" or "export" or "tree" or "tool" or "python" or "self" or "init" when !offline:
                return verb is "python" or "tool" or "self" && words.Count > 1 && words[1].ToLowerInvariant() is "list" or "dir" or "find" or "pin" or "uninstall"
                    ? null
                    : Fetches("uv " + verb);
            default:
                return null;
        }
    }

    // ----- git -----

    private static readonly HashSet<string> GitValueOptions = Set("-C -c --git-dir --work-tree --namespace --config-env --super-prefix");

    private static readonly HashSet<string> GitVerbValueOptions = Set(
        "--depth --deepen --shallow-since --shallow-exclude -j --jobs --upload-pack --receive-pack -o --server-option --filter --reference --reference-if-able "
        + "--separate-git-dir -b --branch --origin --template -u --config -X --strategy --strategy-option --negotiation-tip --refmap --name "
        + "--push-option --repo --exec --remote --prefix --format --output -t --track -m --master");

    private static string? Git(Call call)
    {
        var arguments = call.Arguments;
        var index = 0;
        while (index < arguments.Count && arguments[index].StartsWith('-'))
        {
            index += GitValueOptions.Contains(arguments[index]) ? 2 : 1;
        }

        if (index >= arguments.Count)
        {
            return null;
        }

        var verb = arguments[index].ToLowerInvariant();
        var rest = arguments.Skip(index + 1).ToList();
        var words = Words(rest, GitVerbValueOptions);
        var first = words.FirstOrDefault()?.ToLowerInvariant();
        switch (verb)
        {
            case "clone":
                return words.Count > 0 && IsLocalRepository(words[0]) && !HasPrefix(rest, "--recurse-submodules", "--recursive") ? null : Fetches("git clone");
            case "fetch" or "pull" or "push" or "ls-remote" or "fetch-pack" or "send-pack" or "http-fetch" or "http-push":
                return words.Count > 0 && IsLocalRepository(words[0]) && !Has(rest, "--all", "--multiple") && !HasPrefix(rest, "--recurse-submodules")
                    ? null
                    : Fetches("git " + verb);
            case "remote" when first is "update" or "prune" || (first == "add" && Has(rest, "-f", "--fetch"))
                                || (first == "show" && !Has(rest, "-n")) || (first == "set-head" && Has(rest, "-a", "--auto")):
                return Fetches("git remote " + first);
            case "submodule":
                return Submodule(call, rest, words);
            case "lfs" when first is "fetch" or "pull" or "clone" or "push" or "smudge" or "filter-process":
                return Fetches("git lfs " + first);
            case "archive" when Values(rest, "--remote").Any(r => !IsLocalRepository(r)):
                return Fetches("git archive --remote");
            case "svn" when first is "fetch" or "clone" or "rebase" or "dcommit" or "init":
                return Fetches("git svn " + first);
            case "maintenance" when rest.Any(a => a.Contains("prefetch", StringComparison.OrdinalIgnoreCase)):
                return Fetches("git maintenance run --task=prefetch");
            default:
                return null;
        }
    }

    private static string? Submodule(Call call, List<string> rest, List<string> words)
    {
        var sub = words.FirstOrDefault()?.ToLowerInvariant();
        switch (sub)
        {
            case "update":
                // --no-fetch checks out commits already present; --init and --remote clone or fetch.
                return Has(rest, "--no-fetch", "-N") && !Has(rest, "--init", "--remote") ? null : Fetches("git submodule update");
            case "add":
                return words.Count > 1 && IsLocalRepository(words[1]) ? null : Fetches("git submodule add");
            case "foreach":
                var script = string.Join(" ", rest.SkipWhile(a => !a.Equals("foreach", StringComparison.OrdinalIgnoreCase)).Skip(1).SkipWhile(a => a.StartsWith('-')));
                foreach (var inner in CommandLine.Flatten(CommandLine.Parse(script, ShellDialect.Posix)))
                {
                    if (Reason(inner, call.Context) is { } reason)
                    {
                        return "'git submodule foreach' runs " + reason;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    // ----- Rust, Go -----

    private static readonly HashSet<string> CargoValueOptions = Set(
        "--manifest-path -p --package --target --features -F -j --jobs --profile --target-dir --color -Z --config --bin --example --test --bench "
        + "--message-format --registry --index --git --branch --tag --rev --path --root --version --vers --lockfile-path --exclude");

    private static readonly HashSet<string> CargoFetching = Set(
        "install fetch update build b check c test t run r bench doc d clippy tree metadata package rustc rustdoc fix vendor generate-lockfile add miri nextest");

    private static string? Cargo(Call call)
    {
        var words = Words(call.Arguments, CargoValueOptions).Where(w => !w.StartsWith('+')).ToList(); // +nightly picks a toolchain
        var verb = words.FirstOrDefault()?.ToLowerInvariant();
        if (verb is null)
        {
            return null;
        }

        if (verb is "search" or "publish" or "login" or "owner" or "yank" or "info")
        {
            return Fetches("cargo " + verb);
        }

        if (!CargoFetching.Contains(verb) || (verb == "metadata" && Has(call.Arguments, "--no-deps")))
        {
            return null;
        }

        var offline = Switch(call.Arguments, "--offline") ?? (Has(call.Arguments, "--frozen")
                                                                || Values(call.Arguments, "--config").Any(v => v.Replace(" ", string.Empty, StringComparison.Ordinal) == "net.offline=true")
                                                                || IsTrue(call.Variable("CARGO_NET_OFFLINE")));
        return offline ? null : $"'cargo {verb}' downloads crates (offline: --offline or --frozen)";
    }

    private static readonly HashSet<string> GoValueOptions = Set(
        "-o -C -p -tags -ldflags -gcflags -asmflags -mod -modfile -overlay -pkgdir -buildmode -compiler -run -bench -count -timeout -coverprofile -exec "
        + "-toolexec -covermode -coverpkg -cpu -parallel -cpuprofile -memprofile -blockprofile -mutexprofile -outputdir -f -vet -shuffle -fuzz -fuzztime "
        + "-benchtime -list -skip -trace");

    private static string? Go(Call call)
    {
        var words = Words(call.Arguments, GoValueOptions);
        var verb = words.FirstOrDefault()?.ToLowerInvariant();
        var second = words.Count > 1 ? words[1].ToLowerInvariant() : string.Empty;
        if (call.Variable("GOPROXY")?.Trim() == "off")
        {
            return null; // no module is downloaded: what the module cache lacks is an error
        }

        var vendor = Values(call.Arguments, "-mod").Concat(Values(call.Arguments, "--mod")).Any(v => v == "vendor")
                     || (call.Variable("GOFLAGS") ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries).Any(f => f is "-mod=vendor" or "--mod=vendor");
        switch (verb)
        {
            case "get":
                return Fetches("go get");
            case "install" or "run" when words.Skip(1).FirstOrDefault(w => w.Contains('@')) is { } versioned:
                return $"'go {verb} {versioned}' downloads that module version";
            case "build" or "test" or "vet" or "list" or "install" or "run" when !vendor:
                return $"'go {verb}' downloads the modules it lacks (offline: -mod=vendor, GOFLAGS=-mod=vendor or GOPROXY=off)";
            case "mod" when second is "download" or "tidy" or "vendor" or "graph" or "why":
            case "work" when second is "sync" or "vendor":
                return Fetches($"go {verb} {second}");
            default:
                return null;
        }
    }

    // ----- containers -----

    private static readonly HashSet<string> ContainerValueOptions = Set(
        "-H --host -c --context --config -l --log-level --tlscacert --tlscert --tlskey --url --connection --root --runroot --storage-driver --namespace -n "
        + "-f --file -t --tag --build-arg --target --platform --network --net -e --env --env-file -v --volume -w --workdir -p --publish --name --entrypoint "
        + "-u --user --label --mount --cpus -m --memory --add-host --secret --ssh --cache-from --cache-to -o --output --progress --iidfile --shm-size "
        + "--ulimit --device --hostname --restart --log-driver --log-opt --dns --cidfile --ipc --pid --security-opt --cap-add --cap-drop --tmpfs --gpus "
        + "--runtime --stop-signal --project-name --profile --env-file --project-directory");

    private static string? Container(Call call)
    {
        var words = Words(call.Arguments, ContainerValueOptions);
        var verb = words.FirstOrDefault()?.ToLowerInvariant();
        var second = words.Count > 1 ? words[1].ToLowerInvariant() : string.Empty;
        if (verb is "image" or "container" or "buildx" or "builder" && second.Length > 0)
        {
            verb = second; // docker image pull, docker buildx build, docker buildx bake
        }

        if (verb == "compose")
        {
            return Compose(call, call.Arguments.SkipWhile(a => !a.Equals("compose", StringComparison.OrdinalIgnoreCase)).Skip(1).ToList());
        }

        var pull = PullPolicy(call.Arguments);
        var noNetwork = Values(call.Arguments, "--network").Concat(Values(call.Arguments, "--net")).Any(n => n.Equals("none", StringComparison.OrdinalIgnoreCase));
        return verb switch
        {
            "pull" or "push" or "login" or "search" or "manifest" or "plugin" or "trust" or "imagetools" => Fetches($"{call.Name} {verb}"),
            "build" or "bake" or "bud" when !(pull == "never" && noNetwork) =>
                $"'{call.Name} {verb}' pulls base images and lets its steps reach the network (offline: --pull=never --network=none)",
            "run" or "create" when !(pull == "never" && noNetwork) =>
                $"'{call.Name} {verb}' pulls its image when missing and gives the container the network (offline: --pull=never --network=none)",
            _ => null,
        };
    }

    /// <summary><c>--pull=never</c>, <c>--pull never</c>; a bare <c>--pull</c> is "always".</summary>
    private static string? PullPolicy(IReadOnlyList<string> arguments)
    {
        string? policy = null;
        for (var i = 0; i < arguments.Count; i++)
        {
            if (arguments[i].StartsWith("--pull=", StringComparison.OrdinalIgnoreCase))
            {
                policy = arguments[i]["--pull=".Length..].ToLowerInvariant();
            }
            else if (arguments[i].Equals("--pull", StringComparison.OrdinalIgnoreCase))
            {
                var next = i + 1 < arguments.Count ? arguments[i + 1].ToLowerInvariant() : string.Empty;
                policy = next is "always" or "missing" or "never" or "newer" or "true" or "false" or "build" ? next : "always";
            }
        }

        return policy;
    }

    private static string? Compose(Call call, IReadOnlyList<string> arguments)
    {
        var verb = Words(arguments, ContainerValueOptions).FirstOrDefault()?.ToLowerInvariant();
        return verb is "pull" or "push" or "build" or "up" or "run" or "create" or "start" or "restart"
            ? $"'{call.Name} compose {verb}' pulls images and runs containers with the network"
            : null;
    }

    private static string? Helm(Call call)
    {
        var words = Words(call.Arguments, Set("--repo --version -n --namespace -f --values --set --kube-context --kubeconfig -o --output"));
        var verb = words.FirstOrDefault()?.ToLowerInvariant();
        var second = words.Count > 1 ? words[1].ToLowerInvariant() : string.Empty;
        var remoteChart = Has(call.Arguments, "--repo") || words.Skip(1).Any(w => IsUrl(w) || w.StartsWith("oci://", StringComparison.OrdinalIgnoreCase));
        return verb switch
        {
            "pull" or "fetch" or "push" => Fetches("helm " + verb),
            "repo" when second is "add" or "update" => Fetches("helm repo " + second),
            "dependency" or "dep" when second is "update" or "build" or "up" => Fetches("helm dependency " + second),
            "registry" or "plugin" or "search" when second is "login" or "install" or "update" or "hub" => Fetches($"helm {verb} {second}"),
            "install" or "upgrade" or "template" or "show" or "lint" when remoteChart => Fetches($"helm {verb}") + " (a remote chart)",
            _ => null,
        };
    }

    private static string? Cloud(Call call)
    {
        var words = Words(call.Arguments);
        var first = words.FirstOrDefault()?.ToLowerInvariant();
        if (first is null or "version" or "help" or "configure" or "config" or "completion" or "alias")
        {
            return null;
        }

        var shown = string.Join(" ", new[] { call.Name }.Concat(words.TakeWhile(w => w.All(c => char.IsLetterOrDigit(c) || c == '-')).Take(3)));
        return $"'{shown}' calls a cloud service over the network";
    }

    // ----- inline code and web clients -----

    private static readonly HashSet<string> Interpreters = Set(
        "node nodejs perl ruby php deno bun rscript pwsh powershell osascript wscript cscript mshta jrunscript groovy");

    private static readonly string[] WebClientMarkers =
    [
        "Net.WebClient", "Net.Http.HttpClient", "Net.WebRequest", "HttpWebRequest", "DownloadFile(", "DownloadString(", "DownloadData(",
    ];

    private static readonly string[] InlineNetworkMarkers =
    [
        "urllib.request", "urllib2", "urlopen(", "urlretrieve(", "requests.get(", "requests.post(", "http.client", "httpx.", "fetch(", "http.get(",
        "https.get(", "https.request(", "http.request(", "XMLHttpRequest", "LWP::", "HTTP::Tiny", "Net::HTTP", "open-uri", "URI.open(", "curl_exec(",
        "file_get_contents('http", "file_get_contents(\"http", "install.packages(", "socket.create_connection", "new Socket(", "net.connect(",
    ];

    /// <summary>A program given a .NET web client (PowerShell's New-Object Net.WebClient…), or an
    /// interpreter given inline code that opens a URL.</summary>
    private static string? WebClientInArguments(Call call)
    {
        if (call.Arguments.Any(a => WebClientMarkers.Any(m => a.Contains(m, StringComparison.OrdinalIgnoreCase))))
        {
            return $"'{call.Name}' downloads with a .NET web client";
        }

        var interpreter = Interpreters.Contains(call.Name) || PythonName().IsMatch(call.Name);
        if (interpreter && call.Arguments.FirstOrDefault(a => InlineNetworkMarkers.Any(m => a.Contains(m, StringComparison.Ordinal))) is { } code)
        {
            return $"'{call.Name}' runs code that opens a URL ({InlineNetworkMarkers.First(m => code.Contains(m, StringComparison.Ordinal))})";
        }

        if (call.Name is "mshta" or "wscript" or "cscript" or "msiexec" or "regsvr32" && call.Arguments.Any(a => IsUrl(a) || a.Contains("http", StringComparison.OrdinalIgnoreCase)))
        {
            return $"'{call.Name}' opens a URL";
        }

        if (call.Name is "deno" && !Has(call.Arguments, "--cached-only")
                                && call.Arguments.Any(a => IsUrl(a) || a.StartsWith("npm:", StringComparison.Ordinal) || a.StartsWith("jsr:", StringComparison.Ordinal)))
        {
            return "'deno' imports modules from the network (offline: --cached-only)";
        }

        return null;
    }

    // ----- arguments -----

    private static HashSet<string> Set(string words) => new(words.Split(' ', StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal);

    /// <summary>The arguments that are not options (nor the values of <paramref name="valueOptions"/>); after <c>--</c>, all.</summary>
    private static List<string> Words(IReadOnlyList<string> arguments, IReadOnlySet<string>? valueOptions = null)
    {
        var words = new List<string>();
        for (var i = 0; i < arguments.Count; i++)
        {
            var argument = arguments[i];
            if (argument == "--")
            {
                words.AddRange(arguments.Skip(i + 1));
                break;
            }

            if (argument.Length > 1 && argument[0] == '-')
            {
                if (valueOptions?.Contains(argument) == true)
                {
                    i++;
                }

                continue;
            }

            words.Add(argument);
        }

        return words;
    }

    /// <summary>An option's values: <c>--name value</c>, <c>--name=value</c>, <c>-Name:value</c>, and with
    /// <paramref name="attached"/> <c>-nvalue</c>. Long names compare without case, one-letter names with it.</summary>
    private static List<string> Values(IReadOnlyList<string> arguments, string name, bool attached = false)
    {
        var comparison = name.Length == 2 ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
        var values = new List<string>();
        for (var i = 0; i < arguments.Count; i++)
        {
            var argument = arguments[i];
            if (argument.Equals(name, comparison))
            {
                if (i + 1 < arguments.Count)
                {
                    values.Add(arguments[++i]);
                }
            }
            else if (argument.Length > name.Length + 1 && argument.StartsWith(name, comparison) && argument[name.Length] is '=' or ':')
            {
                values.Add(argument[(name.Length + 1)..]);
            }
            else if (attached && argument.Length > 2 && argument.StartsWith(name, StringComparison.Ordinal) && argument[1] != '-')
            {
                values.Add(argument[2..]);
            }
        }

        return values;
    }

    /// <summary>Whether any of the options is given (alone or with <c>=value</c>).</summary>
    private static bool Has(IReadOnlyList<string> arguments, params string[] names) =>
        arguments.Any(a => names.Any(n => a.Equals(n, n.Length == 2 ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase)
                                         || (n.Length > 2 && a.StartsWith(n + "=", StringComparison.OrdinalIgnoreCase))));

    private static bool HasPrefix(IReadOnlyList<string> arguments, params string[] prefixes) =>
        arguments.Any(a => prefixes.Any(p => a.StartsWith(p, StringComparison.OrdinalIgnoreCase)));

    /// <summary>A boolean switch as the program reads it: the last of <c>--x</c>, <c>--x=true|false</c>,
    /// <c>--no-x</c> decides; null when it is not given. <c>--x=anything-else</c> is not on.</summary>
    private static bool? Switch(IReadOnlyList<string> arguments, string name)
    {
        bool? on = null;
        foreach (var argument in arguments)
        {
            if (argument.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                on = true;
            }
            else if (argument.StartsWith(name + "=", StringComparison.OrdinalIgnoreCase))
            {
                on = IsTrue(argument[(name.Length + 1)..]);
            }
            else if (name.StartsWith("--", StringComparison.Ordinal) && argument.Equals("--no-" + name[2..], StringComparison.OrdinalIgnoreCase))
            {
                on = false;
            }
        }

        return on;
    }

    private static bool IsTrue(string? value) => value?.Trim().ToLowerInvariant() is "true" or "1" or "yes" or "on";

    private static bool IsFalse(string? value) => value?.Trim().ToLowerInvariant() is "false" or "0" or "no" or "off";

    private static IEnumerable<string> SplitList(string value) =>
        value.Replace("%3B", ";", StringComparison.OrdinalIgnoreCase).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static bool OnlyVersionOrHelp(IReadOnlyList<string> arguments) =>
        arguments.All(a => a is "--version" or "-V" or "-v" or "--help" or "-h" or "-?" or "/?" or "version" or "help");

    /// <summary>A URL that is not a local file (<c>https://</c>, <c>s3://</c>, <c>git+https://</c>…).</summary>
    private static bool IsUrl(string value)
    {
        var text = value.Trim().Trim('"', '\'');
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        if (scheme > 0)
        {
            return !text.StartsWith("file:", StringComparison.OrdinalIgnoreCase);
        }

        return text.StartsWith("git+", StringComparison.OrdinalIgnoreCase) || text.StartsWith("hg+", StringComparison.OrdinalIgnoreCase)
               || text.StartsWith("svn+", StringComparison.OrdinalIgnoreCase) || text.StartsWith("bzr+", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>A URL, or the <c>[user@]host:path</c> form of ssh, scp and rsync (<c>C:\x</c> is a drive, not a host).</summary>
    private static bool IsRemote(string value)
    {
        if (IsUrl(value))
        {
            return true;
        }

        var colon = value.IndexOf(':');
        var slash = value.IndexOfAny(['/', '\\']);
        return colon > 1 && (slash < 0 || slash > colon) && !value.Contains('=') && !value.StartsWith('-');
    }

    /// <summary>A repository given by path (or <c>file://</c>), not by URL, host or remote name.</summary>
    private static bool IsLocalRepository(string value) =>
        value.StartsWith("file:", StringComparison.OrdinalIgnoreCase)
        || (!IsRemote(value) && (value.Contains('/') || value.Contains('\\') || value.StartsWith('.') || value.StartsWith('~')));
}
