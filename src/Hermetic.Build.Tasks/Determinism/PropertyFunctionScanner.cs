using System.Text.RegularExpressions;

namespace Hermetic.Build.Determinism;

/// <summary>What a non-deterministic expression depends on, and how to do without it.</summary>
public sealed record NonDeterministicSource(string Reads, string Fix);

/// <summary>A non-deterministic expression found in MSBuild text.</summary>
public sealed record NonDeterministicUse(string Expression, int Offset, NonDeterministicSource Source);

/// <summary>
/// Finds property functions (and environment properties) whose value changes from one build of a
/// commit to the next: the clock, random values, and the names of the machine, user or process.
/// Matching is case-insensitive, as MSBuild's own type and member lookup is.
/// </summary>
public static partial class PropertyFunctionScanner
{
    public static readonly NonDeterministicSource Clock = new(
        "the clock",
        "Where a timestamp is needed use $(SOURCE_DATE_EPOCH), the commit time that Hermetic.Build sets.");

    public static readonly NonDeterministicSource Randomness = new(
        "a random value",
        "Use a fixed value, or one derived from the build's inputs (for example $([MSBuild]::StableStringHash(...))).");

    public static readonly NonDeterministicSource MachineState = new(
        "the name of this machine, user or process",
        "Use a fixed value: the output must not depend on who or what builds it.");

    private const string Type = @"\[\s*(?:System\.)?";
    private const string Member = @"\s*\]\s*::\s*(?:get_)?";
    private const string MachineVariables = "USERNAME|USER|LOGNAME|COMPUTERNAME|HOSTNAME|USERDOMAIN";

    [GeneratedRegex(
        "(?<clock>" + Type + "DateTime(?:Offset)?" + Member + @"(?:Now|UtcNow|Today)\b"
        + "|" + Type + "Environment" + Member + @"TickCount(?:64)?\b"
        + "|" + Type + @"Diagnostics\.Stopwatch\s*\]\s*::)"
        + "|(?<random>" + Type + "Guid" + Member + @"NewGuid\b"
        + "|" + Type + @"Random\s*\]"
        + "|" + Type + @"IO\.Path" + Member + @"(?:GetRandomFileName|GetTempFileName)\b)"
        + "|(?<machine>" + Type + "Environment" + Member + @"(?:MachineName|UserName|UserDomainName|ProcessId|CurrentManagedThreadId)\b"
        + "|" + Type + @"Net\.Dns" + Member + @"GetHostName\b"
        + @"|\$\(\s*(?:" + MachineVariables + @")\s*(?:\)|(?=\.))"
        + @"|GetEnvironmentVariable\(\s*['""]?(?:" + MachineVariables + @")['""]?\s*\))",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NonDeterministic();

    public static IEnumerable<NonDeterministicUse> Scan(string text)
    {
        if (string.IsNullOrEmpty(text) || (text.IndexOf('[') < 0 && text.IndexOf("$(", StringComparison.Ordinal) < 0))
        {
            yield break;
        }

        foreach (Match match in NonDeterministic().Matches(text))
        {
            var source = match.Groups["clock"].Success ? Clock
                : match.Groups["random"].Success ? Randomness
                : MachineState;
            yield return new NonDeterministicUse(Regex.Replace(match.Value, @"\s+", string.Empty), match.Index, source);
        }
    }
}
