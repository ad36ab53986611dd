namespace Hermetic.Build.Core;

/// <summary>
/// The ledger: every code Hermetic.Build reports. Codes are grouped by area by their first digit
/// (0 the checks themselves, 1 locks and pins, 2 sources, 3 determinism, 4 code generation and
/// commands, 5 verification) and never reused; each area keeps its codes in a file of this partial
/// class (HermeticDiagnostics.&lt;Area&gt;.cs). Each code has its page in docs/diagnostics/. The
/// contract's codes that no check reports yet are reserved in docs/diagnostics/README.md, the one
/// list of codes taken.
/// </summary>
public static partial class HermeticDiagnostics
{
    public static readonly HermeticDiagnostic CheckFailed = new(
        "HB0001",
        "A Hermetic.Build check could not run",
        "The {0} check could not read '{1}': {2}. Hermetic.Build fails closed rather than pass unchecked: correct the file, or the setting it names, and build again.");

    public static readonly HermeticDiagnostic SdkNotPinned = new(
        "HB1004",
        "The .NET SDK version is not pinned",
        "{0} Pin the SDK: put a global.json at the repository root with {{ \"sdk\": {{ \"version\": \"{1}\", \"rollForward\": \"disable\" }} }} (the SDK running now) and commit it.");

    public static readonly HermeticDiagnostic SdkVersionMismatch = new(
        "HB1005",
        "The running .NET SDK is not the pinned one",
        "The running .NET SDK is {0}, but global.json pins {1}. Install .NET SDK {1}, or, if {0} is the SDK you mean to use, set \"sdk\": {{ \"version\": \"{0}\" }} in global.json and commit it.");

    public static readonly HermeticDiagnostic NotDeterministic = new(
        "HB3001",
        "Deterministic compilation is off",
        "Deterministic is '{0}' for this project, so the compiler stamps every build with a different MVID and timestamp. Remove the setting or set <Deterministic>true</Deterministic>.");

    public static readonly HermeticDiagnostic NonDeterministicPropertyFunction = new(
        "HB3003",
        "A non-deterministic property function",
        "'{0}' reads {1}, which differs between two builds of the same commit. {2}");

    /// <summary>All codes in use, in code order: every diagnostic field of every part of this class.</summary>
    public static IReadOnlyList<HermeticDiagnostic> All => Registry.All;

    // A nested class, so that the list is built after every field of every part is initialized.
    private static class Registry
    {
        internal static readonly IReadOnlyList<HermeticDiagnostic> All = typeof(HermeticDiagnostics)
            .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Where(field => field.FieldType == typeof(HermeticDiagnostic))
            .Select(field => (HermeticDiagnostic)field.GetValue(null)!)
            .OrderBy(diagnostic => diagnostic.Code, StringComparer.Ordinal)
            .ToArray();
    }

    public static HermeticDiagnostic? Find(string code) =>
        All.FirstOrDefault(d => string.Equals(d.Code, code, StringComparison.OrdinalIgnoreCase));
}
