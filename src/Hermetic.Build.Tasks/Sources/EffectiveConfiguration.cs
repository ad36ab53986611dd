using Hermetic.Build.Core;
using Microsoft.Build.Framework;
using NuGet.Configuration;

namespace Hermetic.Build.Sources;

/// <summary>An enabled package source of the effective configuration and the entry that defines it.</summary>
public sealed record ConfiguredSource(string Name, PackageSourceAddress Address, NuGetConfigEntry? Entry);

/// <summary>A fallback folder of the effective configuration and the entry that lists it.</summary>
public sealed record ConfiguredFallbackFolder(string Folder, NuGetConfigEntry? Entry);

/// <summary>
/// A project's NuGet configuration as NuGet reads it: <see cref="Settings.LoadDefaultSettings(string, string, IMachineWideSettings)"/>
/// from the folder restore starts in (the hierarchy, the user- and machine-level files, or the one
/// file named by RestoreConfigFile), then its enabled sources, fallback folders and source mapping.
/// Read once per build for a folder: every project of a solution in one folder shares it.
/// </summary>
public sealed class EffectiveConfiguration
{
    private EffectiveConfiguration(IReadOnlyList<NuGetConfigFile> configFiles, IReadOnlyList<string> probes, IReadOnlyList<ConfiguredSource> sources,
        IReadOnlyList<ConfiguredFallbackFolder> fallbackFolders, PackageSourceMapping mapping)
    {
        ConfigFiles = configFiles;
        Probes = probes;
        Sources = sources;
        FallbackFolders = fallbackFolders;
        Mapping = mapping;
    }

    /// <summary>The files that apply, nearest (highest priority) first.</summary>
    public IReadOnlyList<NuGetConfigFile> ConfigFiles { get; }

    /// <summary>Paths where a nuget.config would be read if it existed.</summary>
    public IReadOnlyList<string> Probes { get; }

    /// <summary>The enabled sources, in NuGet's order.</summary>
    public IReadOnlyList<ConfiguredSource> Sources { get; }

    public IReadOnlyList<ConfiguredFallbackFolder> FallbackFolders { get; }

    public PackageSourceMapping Mapping { get; }

    public static EffectiveConfiguration Load(IBuildEngine? engine, string root, string? configFile) =>
        BuildCache.GetOrCreate(engine, "nuget-configuration:" + root + "|" + configFile, () => Read(root, configFile));

    private static EffectiveConfiguration Read(string root, string? configFile)
    {
        ISettings settings;
        try
        {
            settings = Settings.LoadDefaultSettings(root, configFile, new XPlatMachineWideSetting());
        }
        catch (NuGetConfigurationException e)
        {
            throw new HermeticInputException(new SourceLocation(configFile ?? root), "NuGet could not read its configuration (" + e.Message.TrimEnd('.') + ")", e);
        }

        var files = settings.GetConfigFilePaths().Select(Path.GetFullPath).Distinct(StringComparer.Ordinal)
            .Where(File.Exists).Select(NuGetConfigFile.Load).ToList();

        var sources = new List<ConfiguredSource>();
        foreach (var source in new PackageSourceProvider(settings).LoadPackageSources().Where(s => s.IsEnabled))
        {
            // The nearest file that adds a source of this name defines it (NuGet merges by key, nearest wins).
            var entry = files.SelectMany(f => f.In("packageSources"))
                .FirstOrDefault(e => e.ElementName == "add" && string.Equals(e.Key, source.Name, StringComparison.OrdinalIgnoreCase));
            var baseDirectory = entry is null ? root : Path.GetDirectoryName(entry.File)!;
            sources.Add(new ConfiguredSource(source.Name, PackageSourceAddress.Parse(source.Source, baseDirectory), entry));
        }

        var fallbackFolders = SettingsUtility.GetFallbackPackageFolders(settings)
            .Select(folder => new ConfiguredFallbackFolder(folder, files.SelectMany(f => f.In("fallbackPackageFolders"))
                .FirstOrDefault(e => e.Value is not null && SameFolder(Path.GetFullPath(Environment.ExpandEnvironmentVariables(e.Value), Path.GetDirectoryName(e.File)!), folder))))
            .ToList();

        return new EffectiveConfiguration(files, ProbePaths(root, configFile, files), sources, fallbackFolders, PackageSourceMapping.GetPackageSourceMapping(settings));
    }

    private static bool SameFolder(string a, string b) => PathComparison.SameFolder(a, b);

    /// <summary>Every name NuGet looks for in every folder from <paramref name="root"/> up, that holds no file now.</summary>
    private static List<string> ProbePaths(string root, string? configFile, List<NuGetConfigFile> files)
    {
        var probes = new List<string>();
        if (configFile is not null)
        {
            return probes;
        }

        var read = new HashSet<string>(files.Select(f => Path.GetDirectoryName(f.Path)!), StringComparer.Ordinal);
        for (var directory = new DirectoryInfo(root); directory is not null; directory = directory.Parent)
        {
            if (read.Contains(directory.FullName.TrimEnd(Path.DirectorySeparatorChar)))
            {
                continue;
            }

            probes.AddRange(Settings.OrderedSettingsFileNames.Select(name => Path.Combine(directory.FullName, name)).Where(p => !File.Exists(p)));
        }

        return probes;
    }
}
