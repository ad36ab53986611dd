using Hermetic.Build.Core;
using Microsoft.Build.Framework;

namespace Hermetic.Build.Toolchain;

/// <summary>
/// HB1004: no global.json pins <c>sdk.version</c>. HB1005: the running SDK is not the pinned one.
/// The pin must be exact: a roll-forward that picks another SDK is a different toolchain.
/// </summary>
public sealed class CheckSdkPin : HermeticTask
{
    /// <summary>The project whose build is checked (named when there is no global.json).</summary>
    [Required]
    public string ProjectFile { get; set; } = string.Empty;

    /// <summary>The global.json that applies to the project (the nearest one above it), or empty.</summary>
    public string? GlobalJsonPath { get; set; }

    /// <summary><c>$(NETCoreSdkVersion)</c>: the SDK running this build.</summary>
    [Required]
    public string RunningSdkVersion { get; set; } = string.Empty;

    protected override string CheckName => "SDK pin";

    protected override void Run()
    {
        if (string.IsNullOrEmpty(GlobalJsonPath) || !File.Exists(GlobalJsonPath))
        {
            Report(HermeticDiagnostics.SdkNotPinned, new SourceLocation(ProjectFile),
                "No global.json in this folder or any folder above it, so any installed .NET SDK builds this project.",
                RunningSdkVersion);
            return;
        }

        var globalJson = BuildCache.GetForFile(BuildEngine, "global.json", GlobalJsonPath, GlobalJson.Load);
        if (globalJson.SdkVersion is null)
        {
            Report(HermeticDiagnostics.SdkNotPinned, globalJson.SdkVersionLocation,
                "global.json does not set \"sdk\": { \"version\" }, so any installed .NET SDK builds this project.",
                RunningSdkVersion);
            return;
        }

        if (!string.Equals(globalJson.SdkVersion, RunningSdkVersion.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            Report(HermeticDiagnostics.SdkVersionMismatch, globalJson.SdkVersionLocation, RunningSdkVersion, globalJson.SdkVersion);
        }
    }
}
