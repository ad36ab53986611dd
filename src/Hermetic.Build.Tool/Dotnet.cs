using System.Diagnostics;
using Hermetic.Build.Core;

namespace Hermetic.Build.Tool;

/// <summary>Runs the dotnet CLI as a child process in the repository (the user's own environment, minus what would
/// point MSBuild at another installation).</summary>
public static class Dotnet
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(30);

    public static ChildProcessResult Run(string workingDirectory, IEnumerable<string> arguments, Action<string>? onLine = null)
    {
        var start = new ProcessStartInfo(DotnetExecutable()) { WorkingDirectory = workingDirectory };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in new[] { "MSBuildExtensionsPath", "MSBUILD_EXE_PATH", "MSBuildSDKsPath", "MSBuildLoadMicrosoftTargetsReadOnly" })
        {
            start.Environment.Remove(name);
        }

        try
        {
            return ChildProcess.Run(start, Timeout, CancellationToken.None, onLine);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return new ChildProcessResult(-1, "dotnet could not be started: " + e.Message, false);
        }
    }

    /// <summary>The SDK version dotnet picks in <paramref name="folder"/> (its global.json applies), else the one it picks
    /// where no global.json does (the pinned SDK is not installed).</summary>
    public static string? SdkVersion(string folder, out string? pinnedButMissing)
    {
        pinnedButMissing = null;
        var here = Run(folder, ["--version"]);
        if (here.Succeeded)
        {
            return here.Output.Trim();
        }

        pinnedButMissing = here.Output.Trim();
        var neutral = Directory.CreateTempSubdirectory("hermetic-sdk-");
        try
        {
            var anywhere = Run(neutral.FullName, ["--version"]);
            return anywhere.Succeeded ? anywhere.Output.Trim() : null;
        }
        finally
        {
            neutral.Delete(recursive: true);
        }
    }

    /// <summary>The dotnet running this tool when it is the host (dotnet tool run), else the one on PATH.</summary>
    private static string DotnetExecutable()
    {
        var host = Environment.ProcessPath;
        return host is not null && Path.GetFileNameWithoutExtension(host).Equals("dotnet", StringComparison.OrdinalIgnoreCase) ? host : "dotnet";
    }
}
