using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Hermetic.Build.Core;

namespace Hermetic.Build.Manifest;

/// <summary>
/// Checks a manifest against the files it describes and, given a public key, its signed
/// provenance: what <c>HermeticVerifyManifest</c> runs. Each problem found is one sentence; an
/// empty list means the manifest holds.
/// </summary>
public static class ManifestVerifier
{
    /// <param name="manifestPath">The manifest to check.</param>
    /// <param name="publicKey">When given, <c>&lt;manifest&gt;.intoto.json</c> must exist and be signed by this key.</param>
    /// <param name="checkFiles">Compare every listed output with the file beside the manifest.</param>
    public static IReadOnlyList<string> Verify(string manifestPath, ECDsa? publicKey, bool checkFiles)
    {
        var problems = new List<string>();
        byte[] bytes;
        BuildManifest manifest;
        try
        {
            bytes = File.ReadAllBytes(manifestPath);
            manifest = BuildManifest.Parse(manifestPath, bytes);
        }
        catch (HermeticInputException e)
        {
            problems.Add("it is not a valid manifest: " + e.Message);
            return problems;
        }

        if (!bytes.AsSpan().SequenceEqual(manifest.ToCanonicalBytes()))
        {
            problems.Add("it is not in canonical form (RFC 8785): it was edited after Hermetic.Build wrote it");
        }

        if (checkFiles)
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(manifestPath))!;
            foreach (var output in manifest.Outputs)
            {
                var file = Path.GetFullPath(Path.Combine(directory, output.Path));
                if (!File.Exists(file))
                {
                    problems.Add($"the output {output.Path} is missing");
                    continue;
                }

                var size = new FileInfo(file).Length;
                var sha256 = FileHash.Sha256Hex(file);
                if (size != output.Size || sha256 != output.Sha256)
                {
                    problems.Add($"the output {output.Path} has sha256 {sha256} and {size} bytes; the manifest says sha256 {output.Sha256} and {output.Size} bytes");
                }
            }
        }

        if (publicKey is not null)
        {
            VerifyEnvelope(manifestPath, bytes, manifest, publicKey, problems);
        }

        return problems;
    }

    private static void VerifyEnvelope(string manifestPath, byte[] manifestBytes, BuildManifest manifest, ECDsa publicKey, List<string> problems)
    {
        var envelopePath = manifestPath + ".intoto.json";
        if (!File.Exists(envelopePath))
        {
            problems.Add($"it has no signed provenance: {Path.GetFileName(envelopePath)} is missing beside it");
            return;
        }

        DsseEnvelope envelope;
        IReadOnlyDictionary<string, string> subjects;
        JsonObject statement;
        try
        {
            envelope = Dsse.Parse(envelopePath, File.ReadAllBytes(envelopePath));
            if (envelope.PayloadType != Dsse.InTotoPayloadType)
            {
                problems.Add($"the envelope's payloadType is \"{envelope.PayloadType}\", not \"{Dsse.InTotoPayloadType}\"");
                return;
            }

            if (!Dsse.Verify(envelope, publicKey))
            {
                problems.Add($"no signature of {Path.GetFileName(envelopePath)} verifies with the public key {Dsse.KeyId(publicKey)}");
                return;
            }

            subjects = Provenance.Subjects(envelopePath, envelope.Payload, out statement);
        }
        catch (HermeticInputException e)
        {
            problems.Add($"{Path.GetFileName(envelopePath)} is not a valid envelope: {e.Message}");
            return;
        }

        var listed = manifest.Outputs.ToDictionary(o => o.Path, o => o.Sha256, StringComparer.Ordinal);
        foreach (var (name, sha256) in listed)
        {
            if (!subjects.TryGetValue(name, out var signed))
            {
                problems.Add($"the signed provenance has no subject {name}");
            }
            else if (signed != sha256)
            {
                problems.Add($"the signed provenance gives {name} sha256 {signed}; the manifest says {sha256}");
            }
        }

        foreach (var name in subjects.Keys.Where(n => !listed.ContainsKey(n)))
        {
            problems.Add($"the signed provenance names {name}, which the manifest does not list");
        }

        var manifestSha256 = Convert.ToHexStringLower(SHA256.HashData(manifestBytes));
        // The statement is signed but still input: each level is checked for its kind before it is indexed.
        var byproducts = statement["predicate"] is JsonObject predicate && predicate["runDetails"] is JsonObject runDetails ? runDetails["byproducts"] as JsonArray : null;
        var signedManifest = byproducts?.OfType<JsonObject>().FirstOrDefault(b => Provenance.Text(b["name"]) == Path.GetFileName(manifestPath));
        if (Provenance.Text((signedManifest?["digest"] as JsonObject)?["sha256"]) != manifestSha256)
        {
            problems.Add($"the signed provenance does not name this manifest (sha256 {manifestSha256}) as its byproduct");
        }

        // The other byproducts (the SBOM) verify with the outputs: each must be beside the manifest with its signed hash.
        var directory = Path.GetDirectoryName(Path.GetFullPath(manifestPath))!;
        foreach (var byproduct in byproducts?.OfType<JsonObject>().Where(b => b != signedManifest) ?? [])
        {
            var name = Provenance.Text(byproduct["name"]);
            var signed = Provenance.Text((byproduct["digest"] as JsonObject)?["sha256"]);
            if (string.IsNullOrEmpty(name) || signed is null)
            {
                problems.Add("a byproduct of the signed provenance has no name or no sha256 digest");
                continue;
            }

            // A name is a file beside the manifest: no folder, nothing a path cannot hold.
            if (name.IndexOfAny(['/', '\\', '\0']) >= 0 || name is "." or "..")
            {
                problems.Add($"the signed provenance names the byproduct '{name}', which is not a file name beside the manifest");
                continue;
            }

            var path = Path.Combine(directory, name);
            if (!File.Exists(path))
            {
                problems.Add($"the signed provenance names the byproduct {name}, which is not beside the manifest");
            }
            else if (FileHash.Sha256Hex(path) is var actual && actual != signed)
            {
                problems.Add($"the signed provenance gives the byproduct {name} sha256 {signed}; the file has {actual}");
            }
        }
    }
}
