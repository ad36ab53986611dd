namespace Hermetic.Build.Core;

/// <summary>The <c>HermeticMode</c> property: what a violation does to the build.</summary>
public enum HermeticMode
{
    /// <summary>Every violation is an error (the default).</summary>
    Enforce,

    /// <summary>Every violation is reported with the same code, as a warning.</summary>
    Audit,

    /// <summary>Hermetic.Build does nothing.</summary>
    Off,
}

/// <summary>Decides whether a code is reported as an error or a warning, from <c>HermeticMode</c>
/// and <c>HermeticWarningCodes</c>.</summary>
public sealed class DiagnosticPolicy
{
    private readonly HashSet<string> _warningCodes;

    private DiagnosticPolicy(HermeticMode mode, HashSet<string> warningCodes)
    {
        Mode = mode;
        _warningCodes = warningCodes;
    }

    public HermeticMode Mode { get; }

    public static DiagnosticPolicy Default { get; } = new(HermeticMode.Enforce, new HashSet<string>(StringComparer.OrdinalIgnoreCase));

    /// <summary>Parses the two properties; an unknown mode is an input error (fail closed).</summary>
    public static DiagnosticPolicy Parse(string? mode, string? warningCodes)
    {
        var parsedMode = HermeticMode.Enforce;
        if (!string.IsNullOrWhiteSpace(mode))
        {
            // Names only: Enum.TryParse would also take "2" or "Enforce,Off".
            var name = Enum.GetNames<HermeticMode>().FirstOrDefault(n => string.Equals(n, mode.Trim(), StringComparison.OrdinalIgnoreCase))
                ?? throw new ArgumentException($"HermeticMode is '{mode.Trim()}'; it must be Enforce, Audit or Off");
            parsedMode = Enum.Parse<HermeticMode>(name);
        }

        var codes = new HashSet<string>(
            (warningCodes ?? string.Empty).Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            StringComparer.OrdinalIgnoreCase);
        return new DiagnosticPolicy(parsedMode, codes);
    }

    /// <summary>HB0001 (a check could not run) is always an error: Hermetic.Build fails closed.</summary>
    public bool IsError(string code) =>
        code == Core.HermeticDiagnostics.CheckFailed.Code
        || (Mode == HermeticMode.Enforce && !_warningCodes.Contains(code));
}
