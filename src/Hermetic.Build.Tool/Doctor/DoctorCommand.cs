using Hermetic.Build.SourceControl;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Hermetic.Build.Core;
using Hermetic.Build.Locks;
using Hermetic.Build.Sources;
using Hermetic.Build.Tool.Init;
using Hermetic.Build.Toolchain;

namespace Hermetic.Build.Tool.Doctor;

/// <summary>A problem doctor found: the code the build would report, where, and what to do.</summary>
public sealed record DoctorProblem(string Code, string Where, string Message);

/// <summary>
/// <c>hermetic doctor</c>: what Hermetic.Build will check in a repository and why, without building:
/// the root, CI mode and where it comes from, the SDK pin, the effective package sources and the
/// verdict on each (the build's own rule), every lock (present, tracked, ignored by which rule), and
/// every problem with the code a build would report. Exit code 0 when there is none.
/// </summary>
public sealed partial class DoctorCommand(string path, TextWriter output, TextWriter error)
{
    /// <summary>The variables by which Hermetic.Build.props recognises a CI system (CI itself unless false or 0).</summary>
    private static readonly string[] CiVariables =
    [
        "TF_BUILD", "GITHUB_ACTIONS", "GITLAB_CI", "JENKINS_URL", "TEAMCITY_VERSION", "BUILDKITE", "CIRCLECI", "TRAVIS", "APPVEYOR",
        "BITBUCKET_BUILD_NUMBER", "CODEBUILD_BUILD_ID", "DRONE", "BUDDY", "SPACE_MODULE",
    ];

    private readonly List<DoctorProblem> _problems = [];

    [GeneratedRegex(@"Version\s*=\s*""([^""]*\*[^""]*)""", RegexOptions.CultureInvariant)]
    private static partial Regex FloatingVersion();

    [GeneratedRegex(@"<ContinuousIntegrationBuild(\s[^>]*)?>\s*true\s*</ContinuousIntegrationBuild>", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex ContinuousIntegrationBuildTrue();

    public int Run()
    {
        try
        {
            Examine();
        }
        catch (HermeticInputException e)
        {
            Problem(HermeticDiagnostics.CheckFailed.Code, Where(e.Location), e.Message);
        }
        catch (IOException e)
        {
            error.WriteLine("hermetic doctor: " + e.Message);
            return HermeticCommand.BadInput;
        }

        output.WriteLine();
        if (_problems.Count == 0)
        {
            output.WriteLine("No problems found: `dotnet build` should pass every Hermetic.Build check here.");
            return 0;
        }

        output.WriteLine($"{_problems.Count} problem{(_problems.Count == 1 ? string.Empty : "s")}:");
        foreach (var problem in _problems)
        {
            output.WriteLine($"  {problem.Code} {problem.Where}: {problem.Message}");
        }

        return 1;
    }

    private void Examine()
    {
        var repository = Repository.Find(path);
        output.WriteLine($"Root: {repository.Root} ({repository.RootReason})");
        if (repository.GitRoot is null)
        {
            Problem("git", repository.Root, "not a git work tree: VerifyHermetic proves what git tracks, and lock files must be committed");
        }

        ExamineCiMode(repository);
        ExamineSdkPin(repository);
        var allowed = ExamineActivation(repository);
        var ids = ExamineLocks(repository);
        ExamineSources(repository, allowed, ids);
        ExamineFloatingVersions(repository);
    }

    private void ExamineCiMode(Repository repository)
    {
        var ci = Environment.GetEnvironmentVariable("CI");
        var named = CiVariables.FirstOrDefault(v => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(v)));
        var hermeticCi = Environment.GetEnvironmentVariable("HermeticCI");
        string mode;
        if (!string.IsNullOrEmpty(hermeticCi))
        {
            mode = $"{(hermeticCi.Equals("true", StringComparison.OrdinalIgnoreCase) ? "on" : "off")} (the environment variable HermeticCI={hermeticCi})";
        }
        else if (!string.IsNullOrEmpty(ci) && ci is not ("false" or "False" or "0"))
        {
            mode = $"on (the environment variable CI={ci})";
        }
        else if (named is not null)
        {
            mode = $"on (the environment variable {named} names a CI system)";
        }
        else
        {
            mode = "off (no CI variable is set: CI, TF_BUILD, GITHUB_ACTIONS, …); on a CI server a missing lock is an error and paths are mapped";
        }

        output.WriteLine("CI mode: " + mode);
        foreach (var file in repository.Projects().Concat(DirectoryFiles(repository)))
        {
            if (File.Exists(file) && ContinuousIntegrationBuildTrue().IsMatch(File.ReadAllText(file)))
            {
                output.WriteLine($"  {repository.Relative(file)} sets ContinuousIntegrationBuild=true itself: its builds get deterministic paths; lock strictness still follows the CI environment");
            }
        }
    }

    private void ExamineSdkPin(Repository repository)
    {
        var globalJsonPath = Path.Combine(repository.Root, "global.json");
        var running = Dotnet.SdkVersion(repository.Root, out var missing);
        if (!File.Exists(globalJsonPath))
        {
            output.WriteLine("SDK: no global.json; any installed SDK builds the repository");
            Problem(HermeticDiagnostics.SdkNotPinned.Code, repository.Relative(globalJsonPath), $"no global.json pins the SDK (hermetic init pins {running ?? "the running SDK"})");
            return;
        }

        var globalJson = GlobalJson.Load(globalJsonPath);
        output.WriteLine($"SDK: global.json pins {globalJson.SdkVersion ?? "nothing"}{(globalJson.RollForward is null ? string.Empty : $" (rollForward {globalJson.RollForward})")}; "
                         + $"dotnet runs {(missing is null ? running : "nothing: " + missing.Split('\n')[0].Trim())}");
        if (globalJson.SdkVersion is null)
        {
            Problem(HermeticDiagnostics.SdkNotPinned.Code, Where(globalJson.SdkVersionLocation), "global.json does not set sdk.version");
        }
        else if (missing is not null || !string.Equals(globalJson.SdkVersion, running, StringComparison.OrdinalIgnoreCase))
        {
            Problem(HermeticDiagnostics.SdkVersionMismatch.Code, Where(globalJson.SdkVersionLocation),
                $"global.json pins {globalJson.SdkVersion} but the SDK that runs here is {(missing is null ? running : "none (the pinned one is not installed)")}");
        }

        output.WriteLine(globalJson.MSBuildSdks.TryGetValue(GlobalJsonEditor.SdkName, out var version)
            ? $"Hermetic.Build: {version} (global.json msbuild-sdks)"
            : "Hermetic.Build: no version in global.json msbuild-sdks");
    }

    /// <summary>Whether the repository switches Hermetic.Build on, and the HermeticAllowedSources its Directory.Build.props set.</summary>
    private string ExamineActivation(Repository repository)
    {
        var props = Path.Combine(repository.Root, "Directory.Build.props");
        var targets = Path.Combine(repository.Root, "Directory.Build.targets");
        var importsProps = File.Exists(props) && MSBuildFileEditor.Imports(Load(props), "Sdk.props");
        var importsTargets = File.Exists(targets) && MSBuildFileEditor.Imports(Load(targets), "Sdk.targets");
        var inProjects = repository.Projects().Where(p => File.ReadAllText(p).Contains("\"Hermetic.Build\"", StringComparison.OrdinalIgnoreCase)).ToList();
        if (importsProps && importsTargets)
        {
            output.WriteLine("Switched on: repository-wide (Directory.Build.props and Directory.Build.targets import it)");
        }
        else if (inProjects.Count > 0)
        {
            output.WriteLine($"Switched on: in {inProjects.Count} of {repository.Projects().Count} projects (<Sdk Name=\"Hermetic.Build\" />)");
        }
        else
        {
            output.WriteLine("Switched on: no (run `hermetic init`)");
            Problem("init", repository.Root, "Hermetic.Build is not switched on here: no Directory.Build.props/.targets import and no project names it; run `hermetic init`");
        }

        if (!File.Exists(props))
        {
            return string.Empty;
        }

        var allowed = string.Join(';', Load(props).Descendants().Where(e => e.Name.LocalName == MSBuildFileEditor.AllowedSourcesProperty).Select(e => e.Value));
        output.WriteLine($"HermeticAllowedSources (Directory.Build.props): {(allowed.Length == 0 ? "none" : SecretRedactor.Redact(allowed))}");
        return allowed;
    }

    private void ExamineSources(Repository repository, string allowedSources, IReadOnlyCollection<string> packageIds)
    {
        var configuration = EffectiveConfiguration.Load(null, repository.Root, null);
        var root = repository.RootWithSeparator;
        output.WriteLine("NuGet configuration files (nearest first):");
        foreach (var file in configuration.ConfigFiles)
        {
            var inside = Hermetic.Build.Core.PathComparison.StartsWith(file.Path, root);
            output.WriteLine($"  {file.Path}{(inside ? (file.Clears("packageSources") ? " (repository; clears inherited sources)" : " (repository)") : " (outside the repository)")}");
        }

        var repositoryConfigs = configuration.ConfigFiles.Where(f => Hermetic.Build.Core.PathComparison.StartsWith(f.Path, root)).ToList();
        if (repositoryConfigs.Count == 0)
        {
            Problem(HermeticDiagnostics.SourcesInherited.Code, repository.Root, "the repository has no nuget.config, so every machine's own sources apply");
        }
        else if (!repositoryConfigs.Any(f => f.Clears("packageSources")))
        {
            Problem(HermeticDiagnostics.SourcesInherited.Code, repositoryConfigs[0].Path, "no nuget.config of the repository starts <packageSources> with <clear />");
        }

        var allowed = SourceRules.AllowedUrls(allowedSources);
        output.WriteLine("Package sources:");
        foreach (var source in configuration.Sources)
        {
            var verdict = SourceRules.Judge(source.Address, allowed, root);
            var origin = source.Entry is null ? "the NuGet configuration" : Where(source.Entry.Location);
            var text = verdict switch
            {
                SourceVerdict.Allowed => source.Address.Kind == PackageSourceKind.Folder ? "allowed: a folder inside the repository" : "allowed: listed in HermeticAllowedSources",
                SourceVerdict.FolderOutsideRepository => "HB2005: a folder outside the repository, which other machines do not have",
                SourceVerdict.HttpsNotAllowed => "HB2001: not listed in HermeticAllowedSources",
                SourceVerdict.PlainHttp => "HB2001: plain http, which anyone on the network path can tamper with",
                _ => "HB2001: neither a folder of the repository nor an https URL",
            };
            output.WriteLine($"  {source.Name} = {SecretRedactor.Redact(source.Address.Value)} ({origin}): {text}");
            if (verdict != SourceVerdict.Allowed)
            {
                Problem(verdict == SourceVerdict.FolderOutsideRepository ? HermeticDiagnostics.FolderOutsideRepository.Code : HermeticDiagnostics.SourceNotAllowed.Code,
                    origin, $"the source '{source.Name}' ({SecretRedactor.Redact(source.Address.Value)}): {text[8..]}");
            }
        }

        foreach (var folder in configuration.FallbackFolders)
        {
            Problem(HermeticDiagnostics.FolderOutsideRepository.Code, folder.Entry is null ? "the NuGet configuration" : Where(folder.Entry.Location),
                $"the fallback folder '{folder.Folder}': NuGet takes packages from it unchecked");
        }

        if (configuration.Sources.Count > 1)
        {
            if (!configuration.Mapping.IsEnabled)
            {
                Problem(HermeticDiagnostics.SourcesUnmapped.Code, repositoryConfigs.FirstOrDefault()?.Path ?? repository.Root,
                    $"{configuration.Sources.Count} sources and no package source mapping");
            }
            else
            {
                foreach (var id in packageIds.Where(id => configuration.Mapping.GetConfiguredPackageSources(id).Count == 0).Order(StringComparer.OrdinalIgnoreCase))
                {
                    Problem(HermeticDiagnostics.SourcesUnmapped.Code, repositoryConfigs.FirstOrDefault()?.Path ?? repository.Root,
                        $"the package '{id}' matches no pattern of the package source mapping");
                }
            }
        }
    }

    /// <summary>Each lock: present, tracked, ignored by which rule; returns the ids of the locked packages.</summary>
    private IReadOnlyCollection<string> ExamineLocks(Repository repository)
    {
        var ids = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
        output.WriteLine("Locks:");
        var hermeticLock = Path.Combine(repository.Root, HermeticLockFile.FileName);
        if (DescribeLock(repository, hermeticLock, "the repository"))
        {
            foreach (var entry in HermeticLockFile.Load(hermeticLock).Entries)
            {
                ids.Add(entry.Id);
            }
        }

        foreach (var project in repository.Projects())
        {
            var lockFile = Path.Combine(Path.GetDirectoryName(project)!, "packages.lock.json");
            if (!File.Exists(lockFile) && !HasPackageReferences(repository, project))
            {
                continue;
            }

            if (DescribeLock(repository, lockFile, repository.Relative(project)))
            {
                foreach (var package in PackagesLockFile.Load(lockFile).Packages)
                {
                    ids.Add(package.Id);
                }
            }
        }

        var vendor = Path.Combine(repository.Root, "vendor", "packages");
        if (Directory.Exists(vendor) && repository.GitRoot is not null)
        {
            foreach (var package in Directory.GetFiles(vendor, "*.nupkg").Order(StringComparer.Ordinal))
            {
                var relative = Path.GetRelativePath(repository.GitRoot, package).Replace('\\', '/');
                if (GitIgnoreCheck.IgnoredBy(repository.GitRoot, relative) is { } rule)
                {
                    Problem("HB1008", relative, $"git ignores this package of the vendor folder ({rule}): a fresh clone cannot restore it");
                }
            }
        }

        return ids;
    }

    private bool DescribeLock(Repository repository, string lockFile, string owner)
    {
        var relative = repository.Relative(lockFile);
        if (!File.Exists(lockFile))
        {
            output.WriteLine($"  {relative}: missing");
            Problem(HermeticDiagnostics.LockFileMissing.Code, relative,
                $"{owner} has no {Path.GetFileName(lockFile)}: a CI build fails; run `dotnet msbuild <solution> -restore -t:HermeticLock` and commit it");
            return false;
        }

        if (repository.GitRoot is null)
        {
            output.WriteLine($"  {relative}: present");
            return true;
        }

        var fromGitRoot = Path.GetRelativePath(repository.GitRoot, lockFile).Replace('\\', '/');
        var tracked = Git.IsTracked(repository.GitRoot, fromGitRoot);
        var rule = GitIgnoreCheck.IgnoredBy(repository.GitRoot, fromGitRoot);
        output.WriteLine($"  {relative}: present, {(tracked ? "tracked" : "not tracked")}{(rule is null ? string.Empty : $", ignored by {rule}")}");
        if (rule is not null && !tracked)
        {
            Problem("HB1008", relative, $"git ignores it ({rule}): `git add` skips it and a fresh clone has none; add '!{Path.GetFileName(lockFile)}' to .gitignore (hermetic init does)");
        }
        else if (!tracked)
        {
            Problem(HermeticDiagnostics.LockFileMissing.Code, relative, "not committed: a fresh clone (and VerifyHermetic) has no lock; commit it");
        }

        return true;
    }

    private void ExamineFloatingVersions(Repository repository)
    {
        foreach (var file in repository.Projects().Concat(DirectoryFiles(repository)).Where(File.Exists))
        {
            var text = File.ReadAllText(file);
            foreach (Match match in FloatingVersion().Matches(text))
            {
                var location = SourceLocation.At(file, text.AsSpan(), match.Index, '\n');
                Problem(HermeticDiagnostics.FloatingVersion.Code, Where(location), $"the floating version '{match.Groups[1].Value}'; give an exact version");
            }
        }
    }

    private static bool HasPackageReferences(Repository repository, string project) =>
        File.ReadAllText(project).Contains("<PackageReference", StringComparison.OrdinalIgnoreCase)
        || DirectoryFiles(repository).Where(File.Exists).Any(f => File.ReadAllText(f).Contains("PackageReference", StringComparison.OrdinalIgnoreCase));

    private static IEnumerable<string> DirectoryFiles(Repository repository) =>
        new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props" }.Select(n => Path.Combine(repository.Root, n));

    private static XDocument Load(string file) => XmlInput.Parse(file, File.ReadAllText(file));

    private void Problem(string code, string where, string message) => _problems.Add(new DoctorProblem(code, where, message));

    private static string Where(SourceLocation location) => location.Line > 0 ? $"{location.File}({location.Line})" : location.File;
}
