using Hermetic.Build.SourceControl;
using Hermetic.Build.Core;
using LibGit2Sharp;

namespace Hermetic.Build.Locks;

/// <summary>A file the build relies on, and what it is (for the message).</summary>
public sealed record ReliedOnFile(string Path, string What);

/// <summary>A relied-on file git will not commit: ignored (with the deciding rule, when one of the
/// repository's ignore files has it) or merely untracked.</summary>
public sealed record UncommittedFile(ReliedOnFile File, string RelativePath, GitIgnoreRule? Rule, bool Ignored);

/// <summary>
/// HB1008: files the build relies on (locks, the packages of a repository folder feed or of the
/// vendor folder, generator stamps) that git does not commit. libgit2 says whether a path is
/// tracked and whether it is ignored; <see cref="GitIgnoreRules"/> finds the line that ignores it.
/// </summary>
public static class ReliedOnFiles
{
    /// <summary>The packages of a folder feed: every .nupkg in it (flat or id/version/ folders).</summary>
    public static IEnumerable<ReliedOnFile> PackagesOf(string feed, string what) =>
        Directory.Exists(feed)
            ? Directory.EnumerateFiles(feed, "*.nupkg", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Select(p => new ReliedOnFile(p, what))
            : [];

    /// <summary>What the builds of a whole repository rely on, as VerifyHermetic sees it before it copies:
    /// hermetic.lock.json, each tracked project's packages.lock.json and generator stamp, the packages of
    /// vendor/packages and of the folder package sources of the root's nuget.config inside the repository.</summary>
    public static IEnumerable<ReliedOnFile> InRepository(Microsoft.Build.Framework.IBuildEngine? engine, string root, IEnumerable<string> trackedFiles)
    {
        yield return new ReliedOnFile(System.IO.Path.Combine(root, "hermetic.lock.json"), "the repository's lock of packages NuGet fetches outside packages.lock.json");
        foreach (var project in trackedFiles.Where(f => f.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase)
                     || f.EndsWith(".fsproj", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".vbproj", StringComparison.OrdinalIgnoreCase)))
        {
            var directory = System.IO.Path.GetDirectoryName(System.IO.Path.Combine(root, project))!;
            yield return new ReliedOnFile(System.IO.Path.Combine(directory, "packages.lock.json"), $"the lock file of {project}");
            yield return new ReliedOnFile(System.IO.Path.Combine(directory, System.IO.Path.GetFileNameWithoutExtension(project) + ".hermetic-generate.json"),
                $"the generator stamp of {project}");
        }

        foreach (var package in PackagesOf(System.IO.Path.Combine(root, "vendor", "packages"), "a package of HermeticVendorDirectory"))
        {
            yield return package;
        }

        foreach (var source in Sources.EffectiveConfiguration.Load(engine, root, null).Sources)
        {
            if (source.Address.FolderPath is { } folder && source.Address.IsInside(root))
            {
                foreach (var package in PackagesOf(folder, $"a package of the folder package source '{source.Name}'"))
                {
                    yield return package;
                }
            }
        }
    }

    /// <summary>The existing candidates inside the work tree that are not tracked and are ignored
    /// (or, with <paramref name="includeUntracked"/>, merely untracked). Outside a repository, none.
    /// <paramref name="ignoreFilesRead"/> gets the ignore files consulted.</summary>
    public static IReadOnlyList<UncommittedFile> Find(string root, IEnumerable<ReliedOnFile> candidates, bool includeUntracked, List<string>? ignoreFilesRead = null) =>
        Git.Invoke(root, () =>
        {
            using var repository = Git.TryOpen(root);
            if (repository?.Info.WorkingDirectory is not { } workDirectory)
            {
                return (IReadOnlyList<UncommittedFile>)[];
            }

            var top = Path.TrimEndingDirectorySeparator(Path.GetFullPath(workDirectory));
            var rules = new GitIgnoreRules(top, repository.Info.Path);
            var found = new List<UncommittedFile>();
            foreach (var candidate in candidates.DistinctBy(c => Path.GetFullPath(c.Path), StringComparer.Ordinal))
            {
                var full = Path.GetFullPath(candidate.Path);
                var relative = Path.GetRelativePath(top, full).Replace('\\', '/');
                if (!File.Exists(full) || relative.StartsWith("../", StringComparison.Ordinal) || relative == ".." || Path.IsPathRooted(relative)
                    || repository.Index[relative] is not null)
                {
                    continue; // gone, outside the work tree, or tracked (git never ignores a tracked file)
                }

                if (repository.Ignore.IsPathIgnored(relative))
                {
                    found.Add(new UncommittedFile(candidate, relative, rules.FindRule(relative), Ignored: true));
                }
                else if (includeUntracked)
                {
                    found.Add(new UncommittedFile(candidate, relative, null, Ignored: false));
                }
            }

            ignoreFilesRead?.AddRange(rules.FilesRead);
            return found;
        });

    /// <summary>The message arguments of HB1008 for <paramref name="file"/>: path, what, why, fix.</summary>
    public static object[] Describe(UncommittedFile file, string root)
    {
        var folder = file.RelativePath.Contains('/') ? file.RelativePath[..file.RelativePath.LastIndexOf('/')] : string.Empty;
        var exception = file.RelativePath.EndsWith(".nupkg", StringComparison.Ordinal) && folder.Length > 0
            ? $"!{folder}/*.nupkg"
            : "!" + file.RelativePath;
        if (!file.Ignored)
        {
            return [file.RelativePath, file.File.What, "is not tracked by git", $"Commit it: git add {file.RelativePath}."];
        }

        var why = file.Rule is null
            ? "is ignored by git, by a rule outside the repository's ignore files (core.excludesFile)"
            : "is ignored by git: " + file.Rule.Describe(root);
        var where = file.Rule is null ? "the repository's .gitignore" : "that line";
        return [file.RelativePath, file.File.What, why,
            $"Add the exception '{exception}' after {where} (git never looks inside an excluded folder: re-include the folder first if the rule names it), "
            + $"then git add {file.RelativePath} and commit."];
    }
}
