using System.Text.Json;
using System.Xml.Linq;
using Hermetic.Build.Core;
using Hermetic.Build.MSBuildFiles;
using Hermetic.Build.Toolchain;
using Microsoft.Build.Framework;

namespace Hermetic.Build.Locks;

/// <summary>A package NuGet fetches for this project outside packages.lock.json.</summary>
/// <param name="Origin">Where the need comes from, as a person reads it ("PackageDownload of net8.0").</param>
public sealed record ExternalPackage(string Id, string Version, string Kind, string Origin);

/// <summary>
/// What hermetic.lock.json covers for one project: the <c>PackageDownload</c>s restore recorded in
/// project.assets.json (every target framework and runtime), the MSBuild SDKs resolved from packages
/// (Hermetic.Build itself included), and the local tools of the repository's tool manifest.
/// </summary>
public abstract class ExternalPackagesTask : ProjectFilesTask
{
    /// <summary>hermetic.lock.json at HermeticRoot.</summary>
    [Required]
    public string LockFile { get; set; } = string.Empty;

    /// <summary>obj/project.assets.json.</summary>
    public string? AssetsFile { get; set; }

    /// <summary>The packages folders (<c>$(NuGetPackageFolders)</c>, or <c>$(NuGetPackageRoot)</c>).</summary>
    public ITaskItem[] PackageFolders { get; set; } = [];

    /// <summary>The folder of the Hermetic.Build package this build runs from (its Sdk folder's parent).</summary>
    public string? HermeticBuildPackageDirectory { get; set; }

    /// <summary>global.json (its msbuild-sdks give versions to &lt;Sdk&gt; elements without one).</summary>
    public string? GlobalJsonPath { get; set; }

    /// <summary>The repository's tool manifest (.config/dotnet-tools.json), when there is one.</summary>
    public string? ToolManifest { get; set; }

    /// <summary>Every file the check read: inputs of the next build's up-to-date check.</summary>
    [Output]
    public ITaskItem[] CheckedFiles { get; protected set; } = [];

    /// <summary>The packages folders: the given ones, then those project.assets.json records (fresh after a restore).</summary>
    protected string[] Folders => PackageFolders.SelectMany(f => f.ItemSpec.Split(';'))
        .Concat(string.IsNullOrEmpty(AssetsFile) || !File.Exists(AssetsFile) ? [] : BuildCache.GetForFile(BuildEngine, "assets-folders", AssetsFile, ReadPackageFolders))
        .Select(f => f.Trim())
        .Where(f => f.Length > 0)
        .Distinct(StringComparer.Ordinal)
        .ToArray();

    internal static string[] ReadPackageFolders(string assetsFile)
    {
        using var stream = File.OpenRead(assetsFile);
        using var document = JsonDocument.Parse(stream);
        return document.RootElement.TryGetProperty("packageFolders", out var folders) && folders.ValueKind == JsonValueKind.Object
            ? [.. folders.EnumerateObject().Select(f => f.Name)]
            : [];
    }

    /// <summary>This project's path relative to HermeticRoot, with '/'.</summary>
    protected string ProjectKey => Path.GetRelativePath(RepositoryRoot, Path.GetFullPath(ProjectFile)).Replace('\\', '/');

    protected List<ExternalPackage> CollectExternalPackages(ISet<string> filesRead)
    {
        var found = new List<ExternalPackage>();
        found.AddRange(Downloads(filesRead));
        found.AddRange(Sdks(filesRead));
        found.AddRange(Tools(filesRead));
        return found
            .GroupBy(p => (p.Id.ToLowerInvariant(), p.Version.ToLowerInvariant(), p.Kind))
            .Select(g => g.First())
            .ToList();
    }

    private IEnumerable<ExternalPackage> Downloads(ISet<string> filesRead)
    {
        if (string.IsNullOrEmpty(AssetsFile) || !File.Exists(AssetsFile))
        {
            yield break;
        }

        filesRead.Add(Path.GetFullPath(AssetsFile));
        var downloads = BuildCache.GetForFile(BuildEngine, "assets-downloads", AssetsFile, ReadDownloads);
        foreach (var download in downloads)
        {
            yield return download;
        }
    }

    /// <summary><c>project.frameworks.&lt;tfm&gt;.downloadDependencies</c> of project.assets.json: name and an exact range "[v, v]".</summary>
    internal static IReadOnlyList<ExternalPackage> ReadDownloads(string assetsFile)
    {
        using var stream = File.OpenRead(assetsFile);
        using var document = JsonDocument.Parse(stream);
        var result = new List<ExternalPackage>();
        if (!document.RootElement.TryGetProperty("project", out var project) || !project.TryGetProperty("frameworks", out var frameworks)
            || frameworks.ValueKind != JsonValueKind.Object)
        {
            return result;
        }

        foreach (var framework in frameworks.EnumerateObject())
        {
            if (!framework.Value.TryGetProperty("downloadDependencies", out var downloads) || downloads.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            foreach (var download in downloads.EnumerateArray())
            {
                var name = download.TryGetProperty("name", out var n) ? n.GetString() : null;
                var range = download.TryGetProperty("version", out var v) ? v.GetString() : null;
                if (string.IsNullOrWhiteSpace(name) || string.IsNullOrWhiteSpace(range))
                {
                    throw new HermeticInputException(new SourceLocation(assetsFile), "a downloadDependencies entry has no name or version");
                }

                foreach (var version in ExactVersions(range))
                {
                    result.Add(new ExternalPackage(name, version, ExternalPackageKind.Download, "PackageDownload of " + framework.Name));
                }
            }
        }

        return result;
    }

    /// <summary>"[8.0.11, 8.0.11]" is 8.0.11; "[1.0.0];[2.0.0]" (several downloads of one id) are both.</summary>
    internal static IEnumerable<string> ExactVersions(string range) =>
        range.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => part.Trim('[', ']', '(', ')').Split(',')[0].Trim())
            .Where(v => v.Length > 0);

    private IEnumerable<ExternalPackage> Sdks(ISet<string> filesRead)
    {
        var folders = Folders;
        if (!string.IsNullOrEmpty(HermeticBuildPackageDirectory))
        {
            // <folder>/hermetic.build/<version>/ holding hermetic.build.<version>.nupkg: a restored package.
            var directory = new DirectoryInfo(Path.GetFullPath(HermeticBuildPackageDirectory));
            var version = directory.Name;
            var id = directory.Parent?.Name;
            if (id is not null && File.Exists(Path.Combine(directory.FullName, $"{id}.{version}.nupkg")))
            {
                yield return new ExternalPackage(NuspecId(directory.FullName, id), version, ExternalPackageKind.Sdk, "MSBuild SDK");
            }
        }

        var sdkVersions = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (!string.IsNullOrEmpty(GlobalJsonPath) && File.Exists(GlobalJsonPath))
        {
            filesRead.Add(Path.GetFullPath(GlobalJsonPath));
            foreach (var (name, version) in BuildCache.GetForFile(BuildEngine, "global-json", GlobalJsonPath, GlobalJson.Load).MSBuildSdks)
            {
                sdkVersions[name] = version;
            }
        }

        var named = new List<(string Name, string? Version)>();
        foreach (var (file, element) in ElementsInEvaluationOrder())
        {
            filesRead.Add(file.Path);
            switch (element.Name.LocalName)
            {
                case "Project" when element.Parent is null && element.Attribute("Sdk") is { } sdks:
                    foreach (var sdk in sdks.Value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    {
                        var parts = sdk.Split('/', 2, StringSplitOptions.TrimEntries);
                        named.Add((parts[0], parts.Length > 1 ? parts[1] : null));
                    }

                    break;
                case "Sdk" when element.Attribute("Name") is { } name:
                    named.Add((name.Value.Trim(), element.Attribute("Version")?.Value.Trim()));
                    break;
                case "Import" when element.Attribute("Sdk") is { } sdk:
                    named.Add((sdk.Value.Trim(), element.Attribute("Version")?.Value.Trim()));
                    break;
            }
        }

        foreach (var (name, explicitVersion) in named)
        {
            var version = string.IsNullOrEmpty(explicitVersion) ? sdkVersions.GetValueOrDefault(name) : explicitVersion;
            if (string.IsNullOrEmpty(version) || version.Contains('$'))
            {
                continue; // resolved from the .NET SDK itself, not from a package
            }

            var extracted = ExtractedPackage.Find(folders, name, version);
            if (extracted is not null && File.Exists(extracted.NupkgPath))
            {
                yield return new ExternalPackage(NuspecId(extracted.Directory, name), version, ExternalPackageKind.Sdk, "MSBuild SDK");
            }
        }
    }

    private IEnumerable<ExternalPackage> Tools(ISet<string> filesRead)
    {
        if (string.IsNullOrEmpty(ToolManifest) || !File.Exists(ToolManifest))
        {
            return [];
        }

        filesRead.Add(Path.GetFullPath(ToolManifest));
        return BuildCache.GetForFile(BuildEngine, "tool-manifest", ToolManifest, ReadToolManifest);
    }

    internal static IReadOnlyList<ExternalPackage> ReadToolManifest(string path)
    {
        var document = LockJson.Parse(path, File.ReadAllBytes(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        using (document)
        {
            var result = new List<ExternalPackage>();
            if (!document.RootElement.TryGetProperty("tools", out var tools) || tools.ValueKind != JsonValueKind.Object)
            {
                return result;
            }

            foreach (var tool in tools.EnumerateObject())
            {
                var version = tool.Value.ValueKind == JsonValueKind.Object && tool.Value.TryGetProperty("version", out var v) && v.ValueKind == JsonValueKind.String
                    ? v.GetString()
                    : null;
                if (string.IsNullOrWhiteSpace(version))
                {
                    throw new HermeticInputException(new SourceLocation(path), $"the tool '{tool.Name}' has no \"version\"");
                }

                result.Add(new ExternalPackage(tool.Name, version, ExternalPackageKind.Tool, "local tool"));
            }

            return result;
        }
    }

    /// <summary>The package id as its author spells it (the folder name is lowercase).</summary>
    private string NuspecId(string packageDirectory, string fallback)
    {
        var nuspec = Directory.EnumerateFiles(packageDirectory, "*.nuspec").FirstOrDefault();
        if (nuspec is null)
        {
            return fallback;
        }

        try
        {
            var id = BuildCache.GetForFile(BuildEngine, "nuspec-id", nuspec, path => new NuGet.Packaging.NuspecReader(path).GetId());
            return string.IsNullOrWhiteSpace(id) ? fallback : id.Trim();
        }
        catch (Exception e) when (e is System.Xml.XmlException || NupkgFile.IsUnreadablePackage(e))
        {
            return fallback;
        }
    }

    /// <summary>The package's content hash in the packages folder, or null when it is not there.</summary>
    protected (ExtractedPackage Package, string Hash)? Restored(ExternalPackage package)
    {
        var extracted = ExtractedPackage.Find(Folders, package.Id, package.Version);
        return extracted is null || !File.Exists(extracted.NupkgPath)
            ? null
            : (extracted, NupkgFile.ContentHash(BuildEngine, extracted.NupkgPath));
    }
}
