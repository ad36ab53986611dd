using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hermetic.Build.Core;

namespace Hermetic.Build.Manifest;

/// <summary>One signature of a DSSE envelope: the signer's key id and the DER-encoded ECDSA signature.</summary>
public sealed record DsseSignature(string KeyId, byte[] Signature);

/// <summary>A DSSE envelope (Dead Simple Signing Envelope, v1): a typed payload and its signatures.</summary>
public sealed record DsseEnvelope(string PayloadType, byte[] Payload, IReadOnlyList<DsseSignature> Signatures);

/// <summary>
/// DSSE v1 with ECDSA P-256 / SHA-256: the signature is over the pre-authentication encoding
/// (PAE) of the payload type and the payload, DER-encoded (RFC 3279), so that openssl, Python's
/// cryptography and the in-toto and sigstore verifiers check it unchanged.
/// </summary>
public static class Dsse
{
    public const string InTotoPayloadType = "application/vnd.in-toto+json";

    /// <summary>PAE(type, body) = "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body, lengths as
    /// ASCII decimal byte counts.</summary>
    public static byte[] PreAuthenticationEncoding(string payloadType, ReadOnlySpan<byte> payload)
    {
        var type = Encoding.UTF8.GetBytes(payloadType);
        var prefix = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"DSSEv1 {type.Length} "));
        var middle = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $" {payload.Length} "));
        var result = new byte[prefix.Length + type.Length + middle.Length + payload.Length];
        prefix.CopyTo(result, 0);
        type.CopyTo(result, prefix.Length);
        middle.CopyTo(result, prefix.Length + type.Length);
        payload.CopyTo(result.AsSpan(prefix.Length + type.Length + middle.Length));
        return result;
    }

    /// <summary>The key id: lowercase hex SHA-256 of the DER SubjectPublicKeyInfo of the public key.</summary>
    public static string KeyId(ECDsa key) => Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo()));

    public static DsseEnvelope Sign(string payloadType, byte[] payload, ECDsa key)
    {
        var signature = key.SignData(PreAuthenticationEncoding(payloadType, payload), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        return new DsseEnvelope(payloadType, payload, [new DsseSignature(KeyId(key), signature)]);
    }

    /// <summary>True when a signature of the envelope verifies with <paramref name="publicKey"/>.</summary>
    public static bool Verify(DsseEnvelope envelope, ECDsa publicKey)
    {
        var pae = PreAuthenticationEncoding(envelope.PayloadType, envelope.Payload);
        return envelope.Signatures.Any(s => publicKey.VerifyData(pae, s.Signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
    }

    public static JsonObject ToJson(DsseEnvelope envelope) => new()
    {
        ["payloadType"] = envelope.PayloadType,
        ["payload"] = Convert.ToBase64String(envelope.Payload),
        ["signatures"] = new JsonArray(envelope.Signatures
            .Select(s => (JsonNode)new JsonObject { ["keyid"] = s.KeyId, ["sig"] = Convert.ToBase64String(s.Signature) }).ToArray()),
    };

    public static DsseEnvelope Parse(string path, ReadOnlySpan<byte> utf8)
    {
        var root = CanonicalJson.ParseFile(path, utf8);
        if (root is not JsonObject envelope
            || envelope["payloadType"] is not JsonValue type || type.GetValueKind() != JsonValueKind.String
            || envelope["payload"] is not JsonValue payload || payload.GetValueKind() != JsonValueKind.String
            || envelope["signatures"] is not JsonArray signatures)
        {
            throw new HermeticInputException(new SourceLocation(path), "it is not a DSSE envelope (payloadType, payload and signatures are required)");
        }

        try
        {
            var parsed = signatures.Select(node => node is JsonObject s && s["sig"] is JsonValue sig && sig.GetValueKind() == JsonValueKind.String
                    ? new DsseSignature(s["keyid"] is JsonValue id && id.GetValueKind() == JsonValueKind.String ? id.GetValue<string>() : string.Empty,
                        Convert.FromBase64String(sig.GetValue<string>()))
                    : throw new HermeticInputException(new SourceLocation(path), "a signature of the DSSE envelope has no \"sig\""))
                .ToList();
            return new DsseEnvelope(type.GetValue<string>(), Convert.FromBase64String(payload.GetValue<string>()), parsed);
        }
        catch (FormatException)
        {
            throw new HermeticInputException(new SourceLocation(path), "the payload or a signature of the DSSE envelope is not base64");
        }
    }
}
