namespace Hermetic.Build.Core;

/// <summary>
/// Input a check cannot trust: a malformed or unreadable file, an invalid setting. The base task
/// turns it into HB0001 naming the check, the file (and line, when known) and the reason.
/// </summary>
public sealed class HermeticInputException : Exception
{
    public HermeticInputException(SourceLocation location, string reason, Exception? inner = null)
        : base(reason, inner)
    {
        Location = location;
    }

    public SourceLocation Location { get; }
}
