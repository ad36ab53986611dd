using System.CommandLine;
using Hermetic.Build.Tool.Diff;
using Hermetic.Build.Tool.Doctor;
using Hermetic.Build.Tool.Init;
using Hermetic.Build.Tool.Sbom;

namespace Hermetic.Build.Tool;

/// <summary>The command line of the <c>hermetic</c> tool.</summary>
public static class HermeticCommand
{
    /// <summary>Exit code of a command line that could not be understood (and of <c>diff</c> given bad input).</summary>
    public const int BadInput = 2;

    public static int Run(string[] args) => Run(args, Console.Out, Console.Error);

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var root = Build(output, error);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var parseError in parse.Errors)
            {
                error.WriteLine("hermetic: " + parseError.Message);
            }

            error.WriteLine("Run `hermetic --help` for the commands and their options.");
            return BadInput;
        }

        return parse.Invoke(new InvocationConfiguration { Output = output, Error = error });
    }

    private static RootCommand Build(TextWriter output, TextWriter error)
    {
        var initPath = PathArgument("The repository to adopt (default: the current folder).");
        var vendor = new Option<bool>("--vendor") { Description = "Vendor every package into vendor/packages/ and restore from that folder alone: no network source is left." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print what would change; write nothing." };
        var force = new Option<bool>("--force") { Description = "Run even though the work tree has uncommitted changes." };
        var sdkPackage = new Option<string?>("--sdk-package") { Description = "Use this Hermetic.Build .nupkg instead of the one the tool ships.", HelpName = "file" };
        var init = new Command("init", "Adopt Hermetic.Build in a repository: global.json, nuget.config, Directory.Build.props/.targets, .gitignore, locks.")
        {
            initPath, vendor, dryRun, force, sdkPackage,
        };
        init.SetAction(parse => new InitCommand(new InitOptions(parse.GetValue(initPath)!, parse.GetValue(vendor), parse.GetValue(dryRun), parse.GetValue(force),
            parse.GetValue(sdkPackage)), output, error).Run());

        var doctorPath = PathArgument("The repository to examine (default: the current folder).");
        var doctor = new Command("doctor", "Say what Hermetic.Build will check in a repository and every problem it would report, without building.")
        {
            doctorPath,
        };
        doctor.SetAction(parse => new DoctorCommand(parse.GetValue(doctorPath)!, output, error).Run());

        var a = new Argument<string>("A") { Description = "A manifest (*.hermetic.json), a folder of build outputs, or a file." };
        var b = new Argument<string>("B") { Description = "The same kind of thing to compare A with." };
        var diff = new Command("diff", "Compare two manifests, two output folders or two files, and say where they differ (exit code 0: identical, 1: different, 2: bad input).")
        {
            a, b,
        };
        diff.SetAction(parse => new DiffCommand(parse.GetValue(a)!, parse.GetValue(b)!, output, error).Run());

        var sbomPath = PathArgument("A project, a solution, or a folder holding one (default: the current folder).");
        var sbomOutput = new Option<string?>("--output", "-o")
        {
            Description = "Write the SBOMs into this folder (default: each project's package output folder).",
            HelpName = "folder",
        };
        var sbomConfiguration = new Option<string>("--configuration", "-c") { Description = "The configuration to describe.", DefaultValueFactory = _ => "Release" };
        var sbom = new Command("sbom", "Write the CycloneDX SBOM of each project without packing: <PackageId>.<PackageVersion>.cdx.json (docs/sbom.md).")
        {
            sbomPath, sbomOutput, sbomConfiguration,
        };
        sbom.SetAction(parse => new SbomCommand(parse.GetValue(sbomPath)!, parse.GetValue(sbomOutput), parse.GetValue(sbomConfiguration)!, output, error).Run());

        return new RootCommand("hermetic: adopt Hermetic.Build, see what it checks, compare builds, write SBOMs.") { init, doctor, diff, sbom };
    }

    private static Argument<string> PathArgument(string description) =>
        new("PATH") { Description = description, Arity = ArgumentArity.ZeroOrOne, DefaultValueFactory = _ => "." };
}
