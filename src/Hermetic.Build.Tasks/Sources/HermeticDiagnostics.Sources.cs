namespace Hermetic.Build.Core;

/// <summary>Area 2: package sources (docs/sources.md).</summary>
public static partial class HermeticDiagnostics
{
    public static readonly HermeticDiagnostic SourceNotAllowed = new(
        "HB2001",
        "A package source is not allowed",
        "The package source {0} (from {1}) {2}. A hermetic build restores only from folders inside the repository and from https URLs listed in HermeticAllowedSources: vendor the packages (dotnet msbuild -t:HermeticVendor) and point nuget.config at the vendor folder alone, or add the https URL to <HermeticAllowedSources>.");

    public static readonly HermeticDiagnostic SourcesInherited = new(
        "HB2002",
        "Package sources come from outside the repository",
        "{0}, so NuGet also uses the package sources of user- and machine-level nuget.config files ({1}), which differ from machine to machine. Put a nuget.config at the repository root whose <packageSources> starts with <clear /> and lists the repository's sources after it.");

    public static readonly HermeticDiagnostic SourcesUnmapped = new(
        "HB2003",
        "Several package sources without package source mapping",
        "{0} package sources are enabled ({1}) and {2}, so which source a package comes from depends on which one answers first. Add a <packageSourceMapping> to the repository's nuget.config with a pattern for every package, or keep a single source.");

    public static readonly HermeticDiagnostic CredentialInConfig = new(
        "HB2004",
        "A credential in a nuget.config of the repository",
        "The nuget.config entry '{0}' for the package source '{1}' holds a credential committed with the repository (its value is not shown). Remove it, supply the credential from outside the repository (a user-level nuget.config, an environment variable referenced as %NAME%, or a credential provider), and revoke it if it was ever pushed.");

    public static readonly HermeticDiagnostic FolderOutsideRepository = new(
        "HB2005",
        "A fallback folder, or a package folder outside the repository",
        "{0} '{1}' (from {2}) is machine state the repository does not describe: {3}");

    public static readonly HermeticDiagnostic UnreadableFeedPackage = new(
        "HB2006",
        "A package of a repository folder feed cannot be read",
        "'{0}' in the package source folder '{1}' (from {2}) is not a readable package ({3}), and NuGet would fail on it without naming the file. Put the package back as it was committed (git checkout -- <file>), or vendor it again from the packages folder (dotnet msbuild -restore -t:HermeticVendor) and commit it.");
}
