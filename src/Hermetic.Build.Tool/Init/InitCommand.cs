using Hermetic.Build.SourceControl;
using System.Text.Json;
using Hermetic.Build.Core;
using Hermetic.Build.Locks;
using Hermetic.Build.Sources;
using NuGet.Configuration;

namespace Hermetic.Build.Tool.Init;

public sealed record InitOptions(string Path, bool Vendor, bool DryRun, bool Force, string? SdkPackage);

/// <summary>
/// <c>hermetic init</c>: adopts a repository in place. Pins the SDK and Hermetic.Build in global.json,
/// switches the SDK on in Directory.Build.props/.targets, puts the Hermetic.Build package in the
/// vendor folder, writes nuget.config from the sources in use today, writes the locks (HermeticLock
/// in a child build), generates package source mapping from where the locked packages came from,
/// and adds .gitignore exceptions for every file the build relies on. A second run changes nothing.
/// </summary>
public sealed class InitCommand(InitOptions options, TextWriter output, TextWriter error)
{
    private const string VendorFolder = "vendor/packages";

    public int Run()
    {
        try
        {
            return Adopt();
        }
        catch (HermeticInputException e)
        {
            error.WriteLine($"hermetic init: {e.Location.File}{(e.Location.Line > 0 ? $"({e.Location.Line})" : string.Empty)}: {e.Message}");
            return 1;
        }
    }

    private int Adopt()
    {
        var repository = Repository.Find(options.Path);
        output.WriteLine($"Repository root: {repository.Root} ({repository.RootReason})");
        if (repository.GitRoot is null)
        {
            error.WriteLine("hermetic init: this is not a git work tree. Hermetic.Build proves what git tracks (VerifyHermetic copies the tracked files): run `git init` and commit first.");
            return 1;
        }

        if (!options.Force && !options.DryRun)
        {
            var status = Git.ChangedPaths(repository.Root, recurseUntracked: false);
            if (status.Count > 0)
            {
                error.WriteLine("hermetic init: the work tree has uncommitted changes; commit or stash them first so that what init changes can be reviewed alone (or pass --force):");
                foreach (var line in status.Take(10))
                {
                    error.WriteLine("  " + line);
                }

                return 1;
            }
        }

        var package = FindSdkPackage();
        var packageVersion = PackageVersionOf(package);
        var sdkVersion = Dotnet.SdkVersion(repository.Root, out var pinnedButMissing)
            ?? throw new HermeticInputException(new SourceLocation(repository.Root), "`dotnet --version` fails here: is the .NET SDK installed?");
        if (pinnedButMissing is not null)
        {
            output.WriteLine($"The SDK global.json asks for is not installed ({FirstLine(pinnedButMissing)}): pinning {sdkVersion}, the one running here.");
        }

        var root = repository.Root;
        var configuration = EffectiveConfigurationOf(root);
        var decisions = Decide(repository, configuration);
        var vendorFolder = Path.Combine(root, VendorFolder);
        var vendorKey = decisions.FirstOrDefault(d => d.Address.FolderPath is { } f && SameFolder(f, vendorFolder))?.Key ?? SourcePlanner.VendorKey;
        var allowed = options.Vendor ? [] : decisions.Where(d => d.Fate == SourceFate.KeepHttps).Select(d => d.Address.Value.Trim()).ToList();

        var edits = new List<FileEdit>
        {
            GlobalJsonEditor.Edit(Path.Combine(root, "global.json"), FileEdit.Read(Path.Combine(root, "global.json")), sdkVersion, packageVersion),
        };
        edits.AddRange(DirectoryBuildFiles(repository, "Directory.Build.props").Select(p => MSBuildFileEditor.EditProps(p, FileEdit.Read(p), allowed)));
        edits.AddRange(DirectoryBuildFiles(repository, "Directory.Build.targets").Select(p => MSBuildFileEditor.EditTargets(p, FileEdit.Read(p))));

        var nugetConfigPath = NuGetConfigPath(root);
        var nugetConfigBefore = FileEdit.Read(nugetConfigPath);
        var hasMapping = configuration.Mapping.IsEnabled;
        var provisional = new NuGetConfigPlan(
            [.. decisions.Select(d => new PlannedSource(d.Key, d.Value)), new PlannedSource(vendorKey, VendorFolder)],
            new Dictionary<string, string>(),
            hasMapping ? new Dictionary<string, IReadOnlyList<string>> { [vendorKey] = [GlobalJsonEditor.SdkName] } : null,
            configuration.FallbackFolders.Count > 0);
        var provisionalConfig = NuGetConfigEditor.Edit(nugetConfigPath, nugetConfigBefore, provisional);
        var packageTarget = Path.Combine(vendorFolder, Path.GetFileName(package).ToLowerInvariant());

        if (options.DryRun)
        {
            output.WriteLine("Dry run: nothing is written. init would:");
            Print(edits.Append(provisionalConfig));
            if (!File.Exists(packageTarget))
            {
                output.WriteLine($"  {repository.Relative(packageTarget)}: the Hermetic.Build {packageVersion} package (the repository's folder feed)");
            }

            foreach (var decision in decisions.Where(d => d.Fate == SourceFate.Vendor))
            {
                output.WriteLine($"  source '{decision.Key}' ({SecretRedactor.Redact(decision.Value)}) would be replaced by the vendor folder: {decision.Reason}");
            }

            output.WriteLine($"  then run `dotnet msbuild <solution> -restore -t:HermeticLock`{(options.Vendor || decisions.Any(d => d.Fate == SourceFate.Vendor) ? " and -t:HermeticVendor" : string.Empty)}, "
                             + "map each package to the source it came from in nuget.config, and add .gitignore exceptions for the lock files and the vendor folder");
            return 0;
        }

        foreach (var edit in edits.Append(provisionalConfig).Where(e => e.Changes))
        {
            AtomicFile.WriteAllText(edit.Path, edit.After);
        }

        // A copy already there is the one hermetic.lock.json locks: never replaced (HermeticVendor and the lock own it).
        if (!File.Exists(packageTarget))
        {
            AtomicFile.WriteAllBytes(packageTarget, File.ReadAllBytes(package));
        }

        var entryPoints = repository.BuildEntryPoints();
        if (entryPoints.Count == 0)
        {
            error.WriteLine("hermetic init: no solution or project found under " + root);
            return 1;
        }

        // HB1008 too: the .gitignore exceptions for the files this run writes are added after it.
        var tolerated = decisions.Any(d => d.Fate == SourceFate.Vendor) ? "HB2001;HB2005;HB2003;HB1008" : "HB2003;HB1008";
        foreach (var entryPoint in entryPoints)
        {
            if (!Build(repository, entryPoint, "HermeticLock", tolerated))
            {
                return 1;
            }
        }

        var origins = PackageOrigins(repository, configuration, decisions);
        var vendorAll = options.Vendor || decisions.Any(d => d.Fate == SourceFate.Vendor && origins.Values.Contains(d.Key, StringComparer.OrdinalIgnoreCase));
        if (vendorAll && !Build(repository, entryPoints[0], "HermeticVendor", tolerated))
        {
            return 1;
        }

        // The final configuration: the sources packages came from (or the vendor folder alone), mapped.
        var removed = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var finalSources = new List<PlannedSource>();
        foreach (var decision in decisions)
        {
            var used = origins.Values.Contains(decision.Key, StringComparer.OrdinalIgnoreCase);
            if (string.Equals(decision.Key, vendorKey, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (options.Vendor)
            {
                removed[decision.Key] = "--vendor: every package comes from the vendor folder";
            }
            else if (decision.Fate == SourceFate.Vendor)
            {
                removed[decision.Key] = decision.Reason!;
            }
            else if (!used && !decision.InRepositoryConfig)
            {
                removed[decision.Key] = "no package of this repository comes from it";
            }
            else if (!used && decision.Fate == SourceFate.KeepHttps)
            {
                removed[decision.Key] = "no package of this repository comes from it, and a network source nothing needs is only a risk";
            }
            else
            {
                finalSources.Add(new PlannedSource(decision.Key, decision.Value));
            }
        }

        finalSources.Add(new PlannedSource(vendorKey, VendorFolder));
        // A package served by a source that stays keeps it; one that is in the vendor folder (vendored now or
        // by an earlier init, whose source has gone since) comes from there; others fall under '*'.
        var vendored = Directory.Exists(vendorFolder)
            ? new HashSet<string>(Directory.GetFiles(vendorFolder, "*.nupkg").Select(f => Path.GetFileName(f).ToLowerInvariant()), StringComparer.Ordinal)
            : [];
        var finalOrigins = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var ((id, version), key) in origins)
        {
            var origin = key is not null && !removed.ContainsKey(key) && !string.Equals(key, vendorKey, StringComparison.OrdinalIgnoreCase) ? key
                : vendored.Contains($"{id}.{version}.nupkg".ToLowerInvariant()) ? vendorKey
                : null;
            if (!finalOrigins.TryGetValue(id, out var known) || known is null)
            {
                finalOrigins[id] = origin;
            }
        }

        var mapping = SourcePlanner.Mapping([.. finalSources.Select(s => s.Key)], finalOrigins);
        var finalConfig = NuGetConfigEditor.Edit(nugetConfigPath, nugetConfigBefore,
            new NuGetConfigPlan(finalSources, removed, mapping, configuration.FallbackFolders.Count > 0));
        AtomicFile.WriteAllText(finalConfig.Path, finalConfig.After);
        if (finalConfig.Changes)
        {
            edits.Add(finalConfig);
        }

        // HermeticAllowedSources lists only the https sources that stay.
        var finalAllowed = finalSources.Select(s => decisions.FirstOrDefault(d => d.Key == s.Key)).Where(d => d?.Fate == SourceFate.KeepHttps).Select(d => d!.Address.Value.Trim()).ToList();
        if (finalAllowed.Count != allowed.Count)
        {
            foreach (var (index, path) in edits.Select((e, i) => (i, e.Path)).Where(x => Path.GetFileName(x.Path) == "Directory.Build.props").ToList())
            {
                var before = edits[index].Before;
                var redone = MSBuildFileEditor.EditProps(path, before, finalAllowed);
                AtomicFile.WriteAllText(path, redone.After);
                edits[index] = redone;
            }
        }

        var gitIgnore = EditGitIgnore(repository);
        if (gitIgnore is { Changes: true })
        {
            AtomicFile.WriteAllText(gitIgnore.Path, gitIgnore.After);
            edits.Add(gitIgnore);
        }

        // The configuration as committed must restore on its own, with every check an error again.
        foreach (var entryPoint in entryPoints)
        {
            if (!Build(repository, entryPoint, "Restore", tolerated: null))
            {
                return 1;
            }
        }

        return Report(repository, edits);
    }

    private int Report(Repository repository, List<FileEdit> edits)
    {
        var underRoot = repository.GitRoot is null ? string.Empty : Path.GetRelativePath(repository.GitRoot, repository.Root).Replace('\\', '/');
        var changed = Git.ChangedPaths(repository.Root, recurseUntracked: true)
            .Where(path => underRoot is "." or "" || path.StartsWith(underRoot + "/", StringComparison.Ordinal)).ToList();
        Print(edits.Where(e => e.Changes));
        if (changed.Count == 0)
        {
            output.WriteLine("Nothing to change: the repository is already set up for Hermetic.Build.");
            return 0;
        }

        output.WriteLine("Changed (relative to the git work tree):");
        foreach (var path in changed)
        {
            output.WriteLine("  " + path);
        }

        var gitRoot = repository.GitRoot!;
        var stillIgnored = NeededFiles(repository).Select(f => Path.GetRelativePath(gitRoot, f).Replace('\\', '/'))
            .Select(f => (File: f, Rule: GitIgnoreCheck.IgnoredBy(gitRoot, f))).Where(x => x.Rule is not null).ToList();
        foreach (var (file, rule) in stillIgnored)
        {
            error.WriteLine($"warning: git still ignores {file} ({rule}); add an exception for it by hand, or the next clone lacks it (HB1008)");
        }

        output.WriteLine("Commit them:");
        output.WriteLine($"  git -C \"{repository.Root}\" add -A . && git -C \"{repository.Root}\" commit -m \"Build with Hermetic.Build\"");
        output.WriteLine("Then `dotnet build` checks every build, and `dotnet msbuild <solution> -t:VerifyHermetic` in CI proves it reproducible.");
        return 0;
    }

    private void Print(IEnumerable<FileEdit> edits)
    {
        foreach (var edit in edits.Where(e => e.Changes))
        {
            output.WriteLine($"  {Path.GetFileName(edit.Path)} ({edit.Path}):");
            foreach (var note in edit.Notes)
            {
                output.WriteLine("    - " + note);
            }
        }
    }

    private bool Build(Repository repository, string entryPoint, string target, string? tolerated)
    {
        var arguments = new List<string> { "msbuild", entryPoint, "-restore", "-t:" + target, "-nologo", "-nodeReuse:false", "-v:m" };
        if (target == "Restore")
        {
            arguments.Remove("-restore");
        }

        // init writes the locks as a development machine does, even where the environment or a project says CI.
        arguments.Add("-p:HermeticCI=false");
        if (tolerated is not null)
        {
            // Only while init itself restores from the sources it is about to replace.
            arguments.Add("-p:HermeticWarningCodes=" + tolerated.Replace(";", "%3B", StringComparison.Ordinal));
        }

        output.WriteLine($"Running: dotnet {string.Join(' ', arguments.Select(a => a.Contains(' ', StringComparison.Ordinal) ? "\"" + a + "\"" : a))}");
        var result = Dotnet.Run(repository.Root, arguments);
        if (result.Succeeded)
        {
            return true;
        }

        error.WriteLine(SecretRedactor.Redact(result.Output.TrimEnd()));
        error.WriteLine($"hermetic init: `dotnet msbuild -t:{target}` failed for {repository.Relative(entryPoint)} (exit code {result.ExitCode}); the messages above name the problem. "
                        + "Fix it and run `hermetic init --force` again (the files written so far stay).");
        return false;
    }

    private string FindSdkPackage()
    {
        if (options.SdkPackage is { } given)
        {
            var full = Path.GetFullPath(given);
            return File.Exists(full) ? full : throw new HermeticInputException(new SourceLocation(full), "the Hermetic.Build package given with --sdk-package does not exist");
        }

        var folder = Path.Combine(AppContext.BaseDirectory, "sdk-package");
        var found = Directory.Exists(folder) ? Directory.GetFiles(folder, "*.nupkg") : [];
        return found.Length == 1
            ? found[0]
            : throw new HermeticInputException(new SourceLocation(folder),
                "the tool holds no Hermetic.Build package (install the tool from its package, or pass --sdk-package <Hermetic.Build.<version>.nupkg>)");
    }

    private static string PackageVersionOf(string package)
    {
        var name = Path.GetFileNameWithoutExtension(package);
        const string Prefix = "Hermetic.Build.";
        return name.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) && name.Length > Prefix.Length
            ? name[Prefix.Length..]
            : throw new HermeticInputException(new SourceLocation(package), "the file name is not Hermetic.Build.<version>.nupkg");
    }

    private static EffectiveConfiguration EffectiveConfigurationOf(string root) => EffectiveConfiguration.Load(null, root, null);

    private List<SourceDecision> Decide(Repository repository, EffectiveConfiguration configuration)
    {
        var decisions = new List<SourceDecision>();
        foreach (var source in configuration.Sources)
        {
            var inRepository = source.Entry is not null && IsInside(source.Entry.File, repository.RootWithSeparator);
            decisions.Add(SourcePlanner.Decide(source.Name, source.Address, inRepository, repository.Root, repository.RootWithSeparator));
        }

        foreach (var decision in decisions.Where(d => d.Fate == SourceFate.Vendor))
        {
            output.WriteLine($"Source '{decision.Key}' ({SecretRedactor.Redact(decision.Value)}) is not kept: {decision.Reason}.");
        }

        return decisions;
    }

    /// <summary>Each locked package and the key of the source it was downloaded from (NuGet records it in .nupkg.metadata).</summary>
    private static Dictionary<(string Id, string Version), string?> PackageOrigins(Repository repository, EffectiveConfiguration configuration, List<SourceDecision> decisions)
    {
        var settings = Settings.LoadDefaultSettings(repository.Root);
        var packagesFolder = SettingsUtility.GetGlobalPackagesFolder(settings);
        var origins = new Dictionary<(string Id, string Version), string?>();
        foreach (var (id, version) in LockedPackages(repository).Distinct())
        {
            var metadata = Path.Combine(packagesFolder, id.ToLowerInvariant(), version.ToLowerInvariant(), ".nupkg.metadata");
            string? key = null;
            if (File.Exists(metadata))
            {
                try
                {
                    using var json = JsonDocument.Parse(File.ReadAllBytes(metadata));
                    if (json.RootElement.TryGetProperty("source", out var source) && source.GetString() is { Length: > 0 } value)
                    {
                        var address = PackageSourceAddress.Parse(value, repository.Root);
                        key = decisions.FirstOrDefault(d => SameSource(d.Address, address))?.Key;
                    }
                }
                catch (JsonException)
                {
                    // An unreadable record only loses the package's origin: the main source's '*' covers it.
                }
            }

            origins[(id, version)] = key;
        }

        _ = configuration;
        return origins;
    }

    private static IEnumerable<(string Id, string Version)> LockedPackages(Repository repository)
    {
        foreach (var lockFile in FindFiles(repository.Root, "packages.lock.json"))
        {
            foreach (var package in PackagesLockFile.Load(lockFile).Packages.Where(p => p.Resolved is not null))
            {
                yield return (package.Id, package.Resolved!);
            }
        }

        var hermeticLock = Path.Combine(repository.Root, HermeticLockFile.FileName);
        if (File.Exists(hermeticLock))
        {
            foreach (var entry in HermeticLockFile.Load(hermeticLock).Entries)
            {
                yield return (entry.Id, entry.Version);
            }
        }
    }

    /// <summary>The files the build relies on, which git must not ignore.</summary>
    private static List<string> NeededFiles(Repository repository)
    {
        var files = FindFiles(repository.Root, "packages.lock.json").ToList();
        files.AddRange(FindFiles(repository.Root, "*.hermetic-generate.json"));
        var hermeticLock = Path.Combine(repository.Root, HermeticLockFile.FileName);
        if (File.Exists(hermeticLock))
        {
            files.Add(hermeticLock);
        }

        var vendor = Path.Combine(repository.Root, VendorFolder);
        if (Directory.Exists(vendor))
        {
            files.AddRange(Directory.GetFiles(vendor, "*.nupkg"));
        }

        return files;
    }

    private static FileEdit? EditGitIgnore(Repository repository)
    {
        var gitRoot = repository.GitRoot!;
        var path = Path.Combine(gitRoot, ".gitignore");
        var vendorFromGitRoot = Path.GetRelativePath(gitRoot, Path.Combine(repository.Root, VendorFolder)).Replace('\\', '/');
        var needed = NeededFiles(repository).Select(f => Path.GetRelativePath(gitRoot, f).Replace('\\', '/')).ToList();
        return GitIgnoreEditor.Edit(path, FileEdit.Read(path), needed, vendorFromGitRoot, f => GitIgnoreCheck.IgnoredBy(gitRoot, f));
    }

    /// <summary>
    /// The Directory.Build.props (or .targets) files that must import Hermetic.Build so that every
    /// project gets it: for each project the nearest one up to the root (following files that chain
    /// to the one above), the root's own (created when a project has none).
    /// </summary>
    private static List<string> DirectoryBuildFiles(Repository repository, string name)
    {
        var files = new SortedSet<string>(StringComparer.Ordinal);
        var rootFile = Path.Combine(repository.Root, name);
        var projects = repository.Projects();
        if (projects.Count == 0)
        {
            files.Add(rootFile);
        }

        foreach (var project in projects)
        {
            var found = rootFile;
            for (var directory = new DirectoryInfo(Path.GetDirectoryName(project)!);
                 directory is not null && IsInside(directory.FullName + Path.DirectorySeparatorChar, repository.RootWithSeparator);
                 directory = directory.Parent)
            {
                var candidate = Path.Combine(directory.FullName, name);
                if (File.Exists(candidate) && !MSBuildFileEditor.ChainsUp(File.ReadAllText(candidate)))
                {
                    found = candidate;
                    break;
                }
            }

            files.Add(found);
        }

        return [.. files];
    }

    private static string NuGetConfigPath(string root)
    {
        foreach (var name in Settings.OrderedSettingsFileNames)
        {
            var candidate = Path.Combine(root, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return Path.Combine(root, "nuget.config");
    }

    private static IEnumerable<string> FindFiles(string root, string pattern)
    {
        var skipped = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "bin", "obj", ".git", "node_modules", "artifacts", "vendor" };
        var pending = new Stack<string>([root]);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            foreach (var file in Directory.EnumerateFiles(current, pattern))
            {
                yield return file;
            }

            foreach (var sub in Directory.EnumerateDirectories(current).Where(d => !skipped.Contains(Path.GetFileName(d))))
            {
                pending.Push(sub);
            }
        }
    }

    private static bool SameSource(PackageSourceAddress a, PackageSourceAddress b) =>
        a.FolderPath is not null && b.FolderPath is not null
            ? SameFolder(a.FolderPath, b.FolderPath)
            : a.NormalizedUrl is not null && string.Equals(a.NormalizedUrl, b.NormalizedUrl, StringComparison.Ordinal);

    private static bool SameFolder(string a, string b) => Hermetic.Build.Core.PathComparison.SameFolder(a, b);

    private static bool IsInside(string path, string rootWithSeparator) =>
        Hermetic.Build.Core.PathComparison.StartsWith(Path.GetFullPath(path), rootWithSeparator);

    private static string FirstLine(string text) => text.Split('\n')[0].Trim();
}
