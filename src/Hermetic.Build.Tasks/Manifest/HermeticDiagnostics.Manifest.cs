namespace Hermetic.Build.Core;

public static partial class HermeticDiagnostics
{
    public static readonly HermeticDiagnostic ManifestNotVerified = new(
        "HB5002",
        "A build manifest does not verify",
        "The manifest '{0}' does not verify: {1}. Rebuild to write a fresh manifest, or, if these files came from elsewhere, do not trust them: they are not what the signed build produced.");
}
