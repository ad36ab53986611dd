using Hermetic.Build.Core;

namespace Hermetic.Build.Tool.Sbom;

/// <summary>
/// <c>hermetic sbom [PATH] [--output DIR] [--configuration C]</c>: the CycloneDX SBOM of each project of a
/// solution (or of one project) without packing, written by the build's own <c>HermeticWriteSbom</c> target
/// (docs/sbom.md), so that it says exactly what a pack's SBOM would say. Exit code: that of the build.
/// </summary>
public sealed class SbomCommand(string path, string? outputDirectory, string configuration, TextWriter output, TextWriter error)
{
    public int Run()
    {
        var full = Path.GetFullPath(path);
        string workingDirectory;
        var arguments = new List<string> { "msbuild" };
        if (File.Exists(full))
        {
            workingDirectory = Path.GetDirectoryName(full)!;
            arguments.Add(full);
        }
        else if (Directory.Exists(full))
        {
            // MSBuild takes the one project or solution file of the folder (and says so when there are several).
            workingDirectory = full;
        }
        else
        {
            error.WriteLine($"hermetic sbom: '{path}' is neither a project or solution file nor a folder.");
            return HermeticCommand.BadInput;
        }

        arguments.AddRange(["-restore", "-t:HermeticWriteSbom", "-nologo", "-v:m", $"-p:Configuration={configuration}"]);
        if (!string.IsNullOrWhiteSpace(outputDirectory))
        {
            arguments.Add("-p:HermeticSbomDirectory=" + Path.TrimEndingDirectorySeparator(Path.GetFullPath(outputDirectory)) + Path.DirectorySeparatorChar);
        }

        output.WriteLine($"Running: dotnet {string.Join(' ', arguments.Select(a => a.Contains(' ', StringComparison.Ordinal) ? "\"" + a + "\"" : a))}");
        var result = Dotnet.Run(workingDirectory, arguments, line => output.WriteLine(SecretRedactor.Redact(line)));
        if (!result.Succeeded)
        {
            error.WriteLine($"hermetic sbom: the build failed (exit code {result.ExitCode}); the messages above name the problem.");
        }

        return result.TimedOut ? 1 : result.ExitCode;
    }
}
