namespace Hermetic.Build.Core;

/// <summary>Area 4, code generation: HermeticGenerate items, their stamp and their generators.</summary>
public static partial class HermeticDiagnostics
{
    public static readonly HermeticDiagnostic GeneratedOutputStale = new(
        "HB4001",
        "Generated output is stale",
        "{0} Run '{1}' and commit the output folder and the stamp '{2}'.");

    public static readonly HermeticDiagnostic GeneratorNotDeterministic = new(
        "HB4002",
        "Two runs of a generator differ",
        "Two runs of generator '{0}' from the same inputs wrote different output: {1}. A generator must write the same bytes every time: take no clock (use SOURCE_DATE_EPOCH), random value, GUID, absolute path or machine name into its output, and write files and lists in a fixed order.");

    public static readonly HermeticDiagnostic GeneratorNotPinned = new(
        "HB4003",
        "The generator is not pinned",
        "Generator '{0}' runs '{1}', which is not pinned: {2}. A generator runs only a file of the repository (./tools/gen.sh, sh tools/gen.sh), a local tool of the repository's tool manifest (dotnet tool run NAME), or a project of the repository (dotnet run --project tools/Gen): commit the generator, or add it to .config/dotnet-tools.json, and run that in Command.");
}
