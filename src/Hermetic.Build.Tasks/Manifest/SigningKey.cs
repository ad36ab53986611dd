using System.Security.Cryptography;
using Hermetic.Build.Core;

namespace Hermetic.Build.Manifest;

/// <summary>
/// Loads the ECDSA P-256 keys of manifest signing from PEM. Messages name where the key came
/// from, never its text.
/// </summary>
public static class SigningKey
{
    private const string P256Oid = "1.2.840.10045.3.1.7";

    /// <summary>A private key: PEM PKCS#8 (<c>BEGIN PRIVATE KEY</c>; SEC1 <c>BEGIN EC PRIVATE KEY</c> is read too).</summary>
    /// <param name="source">Where the text came from, for messages: a file path or a property name.</param>
    public static ECDsa LoadPrivate(string pem, string source)
    {
        var key = Import(pem, source, "private key");
        try
        {
            _ = key.ExportParameters(includePrivateParameters: true);
        }
        catch (CryptographicException)
        {
            key.Dispose();
            throw new HermeticInputException(new SourceLocation(source), "it holds no ECDSA private key (a public key cannot sign)");
        }

        return key;
    }

    /// <summary>A public key: PEM SubjectPublicKeyInfo (<c>BEGIN PUBLIC KEY</c>), or a private key's public half.</summary>
    public static ECDsa LoadPublic(string pem, string source) => Import(pem, source, "public key");

    private static ECDsa Import(string pem, string source, string what)
    {
        var key = ECDsa.Create();
        ECCurve curve;
        try
        {
            key.ImportFromPem(pem);
            curve = key.ExportParameters(includePrivateParameters: false).Curve;
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException or PlatformNotSupportedException)
        {
            key.Dispose();
            // The exception text may quote the input: say only what kind of problem it is. A key of a curve
            // this platform lacks (a mangled curve identifier) is PlatformNotSupportedException.
            throw new HermeticInputException(new SourceLocation(source),
                $"it is not a PEM ECDSA {what} (expected an unencrypted PKCS#8 'PRIVATE KEY' or a 'PUBLIC KEY' block of curve P-256)");
        }

        if (curve.Oid?.Value != P256Oid && curve.Oid?.FriendlyName is not ("nistP256" or "ECDSA_P256" or "secp256r1"))
        {
            key.Dispose();
            throw new HermeticInputException(new SourceLocation(source), $"the ECDSA {what} is not of curve P-256 (secp256r1)");
        }

        return key;
    }
}
