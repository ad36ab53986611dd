namespace Hermetic.Build.Core;

/// <summary>One diagnostic of the ledger: its code, a short title, and the message template
/// (composite format) that says what is wrong and how to fix it.</summary>
public sealed class HermeticDiagnostic
{
    internal HermeticDiagnostic(string code, string title, string messageFormat)
    {
        Code = code;
        Title = title;
        MessageFormat = messageFormat;
    }

    public string Code { get; }

    public string Title { get; }

    public string MessageFormat { get; }

    /// <summary>The page that documents this code: <c>docs/diagnostics/&lt;CODE&gt;.md</c>.</summary>
    public string HelpFileName => Code + ".md";

    public string FormatMessage(params object?[] args) =>
        string.Format(System.Globalization.CultureInfo.InvariantCulture, MessageFormat, args);

    public override string ToString() => Code;
}
