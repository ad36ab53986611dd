using Hermetic.Build.Core;
using Microsoft.Build.Framework;

namespace Hermetic.Build.Manifest;

/// <summary>
/// <c>HermeticVerifyManifest</c>: checks manifests against the files beside them and, with a
/// public key, their signed provenance. Each problem is HB5002 naming the manifest.
/// </summary>
public sealed class VerifyManifest : HermeticTask
{
    [Required]
    public ITaskItem[] Manifests { get; set; } = [];

    /// <summary>A PEM public key (or private key); when set, each manifest's envelope must verify with it.</summary>
    public string? PublicKeyFile { get; set; }

    /// <summary>Compare the listed outputs with the files (default true).</summary>
    public bool CheckFiles { get; set; } = true;

    protected override string CheckName => "manifest verification";

    protected override void Run()
    {
        System.Security.Cryptography.ECDsa? key = null;
        if (!string.IsNullOrEmpty(PublicKeyFile))
        {
            if (!File.Exists(PublicKeyFile))
            {
                throw new HermeticInputException(new SourceLocation(PublicKeyFile), "HermeticVerifyPublicKey names this file, which does not exist");
            }

            key = SigningKey.LoadPublic(File.ReadAllText(PublicKeyFile), PublicKeyFile);
        }

        using (key)
        {
            foreach (var item in Manifests)
            {
                var path = item.GetMetadata("FullPath");
                if (!File.Exists(path))
                {
                    Report(HermeticDiagnostics.ManifestNotVerified, new SourceLocation(path), path, "the file does not exist");
                    continue;
                }

                var problems = ManifestVerifier.Verify(path, key, CheckFiles);
                foreach (var problem in problems)
                {
                    Report(HermeticDiagnostics.ManifestNotVerified, new SourceLocation(path), path, problem);
                }

                if (problems.Count == 0)
                {
                    Log.LogMessage(MessageImportance.High, key is null
                        ? "Hermetic.Build: {0} matches its outputs."
                        : "Hermetic.Build: {0} matches its outputs and its provenance is signed by key {1}.", path, key is null ? null : Dsse.KeyId(key));
                }
            }
        }
    }
}
