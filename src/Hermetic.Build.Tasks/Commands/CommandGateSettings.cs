using System.Text;
using Hermetic.Build.Core;
using Microsoft.Build.Framework;

namespace Hermetic.Build.Commands;

/// <summary>
/// What the Exec and DownloadFile gates know of the project: a task called as <c>&lt;Exec&gt;</c>
/// gets no Hermetic.Build parameters, so the project's settings reach it through the body of its
/// <c>UsingTask</c> (evaluated by MSBuild): one <c>Name=value</c> per line, values MSBuild-escaped.
/// </summary>
public sealed class CommandGateSettings
{
    public string? Mode { get; private init; }

    public string? WarningCodes { get; private init; }

    public string? HelpLinkBase { get; private init; }

    /// <summary><c>$(HermeticRoot)</c>: where SOURCE_DATE_EPOCH is read from git when no value is set.</summary>
    public string? Root { get; private init; }

    /// <summary><c>$(SOURCE_DATE_EPOCH)</c> as evaluated (set when the environment has it).</summary>
    public string? SourceDateEpoch { get; private init; }

    /// <summary><c>$(HermeticAllowedSources)</c>: package source URLs a command may restore from, besides folders inside Root.</summary>
    public string? AllowedSources { get; private init; }

    /// <summary>The <c>HermeticAllowedCommand</c> items: commands allowed to reach the network.</summary>
    public IReadOnlyList<string> AllowedCommands { get; private init; } = [];

    public static CommandGateSettings Parse(string? body)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var allowed = new List<string>();
        foreach (var rawLine in (body ?? string.Empty).Replace("%0A", "\n", StringComparison.OrdinalIgnoreCase).Split('\n'))
        {
            var line = rawLine.Trim();
            var equals = line.IndexOf('=');
            if (equals <= 0)
            {
                continue;
            }

            var name = line[..equals].Trim();
            var value = Unescape(line[(equals + 1)..].Trim());
            if (name.Equals("AllowedCommand", StringComparison.OrdinalIgnoreCase))
            {
                if (value.Length > 0)
                {
                    allowed.Add(value);
                }
            }
            else
            {
                values[name] = value;
            }
        }

        return new CommandGateSettings
        {
            Mode = values.GetValueOrDefault("Mode"),
            WarningCodes = values.GetValueOrDefault("WarningCodes"),
            HelpLinkBase = values.GetValueOrDefault("HelpLinkBase"),
            Root = values.GetValueOrDefault("Root"),
            SourceDateEpoch = values.GetValueOrDefault("SourceDateEpoch"),
            AllowedSources = values.GetValueOrDefault("AllowedSources"),
            AllowedCommands = allowed,
        };
    }

    /// <summary>SOURCE_DATE_EPOCH for a command: the evaluated value, else the environment's, else the
    /// commit time of HEAD (<see cref="Determinism.SourceDateEpoch"/>, shared with the targets' task).</summary>
    public string? ResolveSourceDateEpoch(IBuildEngine? engine)
    {
        if (!string.IsNullOrWhiteSpace(SourceDateEpoch))
        {
            return SourceDateEpoch.Trim();
        }

        var fromEnvironment = Environment.GetEnvironmentVariable("SOURCE_DATE_EPOCH");
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return fromEnvironment.Trim();
        }

        if (string.IsNullOrWhiteSpace(Root) || !Directory.Exists(Root))
        {
            return null;
        }

        var value = Determinism.SourceDateEpoch.FromRepository(engine, Root);
        return string.IsNullOrEmpty(value) ? null : value;
    }

    /// <summary>MSBuild's escaping: <c>%XX</c> is the character with that hex code.</summary>
    private static string Unescape(string value)
    {
        if (!value.Contains('%'))
        {
            return value;
        }

        var result = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '%' && i + 2 < value.Length && Uri.IsHexDigit(value[i + 1]) && Uri.IsHexDigit(value[i + 2]))
            {
                result.Append((char)Convert.ToInt32(value.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                result.Append(value[i]);
            }
        }

        return result.ToString();
    }
}
