using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hermetic.Build.EndToEnd.Tests.Infrastructure;

namespace Hermetic.Build.EndToEnd.Tests;

/// <summary>
/// docs/verify.md: VerifyHermetic, end to end: each run copies the repository twice and builds both
/// copies, so these tests are few. A hermetic repository passes with both reports; a random value
/// compiled in gives HB3002 naming the dll; a solution is verified once with all its projects, a
/// solution filter named by HermeticVerifyEntryPoint without the projects it leaves out; a
/// baseline is reproduced and a doctored one gives HB5001; a dirty tree is verified with HB5003.
/// </summary>
public sealed class VerifyHermeticTests
{
    private static BuildResult Verify(TestRepository repository, string entryPoint, params string[] arguments) =>
        repository.DotNet(["msbuild", entryPoint, "-t:VerifyHermetic", .. arguments]);

    private static JsonElement ReadReport(TestRepository repository) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(repository.Root, "artifacts", "hermetic", "verify.json"))).RootElement;

    private static int Occurrences(string text, string value) => (text.Length - text.Replace(value, string.Empty, StringComparison.Ordinal).Length) / value.Length;

    [Fact]
    public void A_hermetic_repository_passes_with_both_reports_and_the_step_summary()
    {
        var repository = TestRepository.Create("verify-pass");
        var summary = Path.Combine(TestRun.NewDirectory("verify-summary"), "summary.md");
        File.WriteAllText(summary, "earlier step\n");
        repository.WithEnvironment("GITHUB_STEP_SUMMARY", summary);

        var result = Verify(repository, repository.AppProject);

        AssertBuild.Succeeds(result);
        Assert.Equal(1, Occurrences(result.Output, "VerifyHermetic: copying"));
        Assert.Contains("VerifyHermetic: building copy A", result.Output, StringComparison.Ordinal);
        Assert.Contains("VerifyHermetic: comparing", result.Output, StringComparison.Ordinal);
        var report = ReadReport(repository);
        Assert.Equal("hermetic-build/verify/v1", report.GetProperty("schema").GetString());
        Assert.Equal("passed", report.GetProperty("result").GetString());
        Assert.Equal("app/app.csproj", report.GetProperty("entryPoint").GetString());
        Assert.Equal(["app/app.csproj"], report.GetProperty("projects").EnumerateArray().Select(p => p.GetProperty("path").GetString()));
        var files = report.GetProperty("filesCompared").EnumerateArray().ToList();
        Assert.Contains(files, f => f.GetProperty("path").GetString() == "app/bin/Debug/net10.0/app.dll" && f.GetProperty("identical").GetBoolean());
        Assert.Contains(files, f => f.GetProperty("path").GetString() == "app/bin/Debug/net10.0/app.pdb" && f.GetProperty("identical").GetBoolean());
        Assert.All(files, f => Assert.True(f.GetProperty("identical").GetBoolean(), f.ToString()));
        Assert.Empty(report.GetProperty("differences").EnumerateArray());
        Assert.Equal(2, report.GetProperty("builds").GetArrayLength());
        Assert.Contains("VerifyHermetic: passed", File.ReadAllText(Path.Combine(repository.Root, "artifacts", "hermetic", "verify.md")), StringComparison.Ordinal);
        var summaryText = File.ReadAllText(summary);
        Assert.StartsWith("earlier step\n", summaryText, StringComparison.Ordinal);
        Assert.Contains("VerifyHermetic: passed", summaryText, StringComparison.Ordinal);
    }

    [Fact]
    public void A_random_value_compiled_in_fails_with_HB3002_naming_the_dll()
    {
        // A target writes a value from /dev/urandom into a source file before compiling: no
        // property function, so only the comparison of two builds can see it.
        var repository = TestRepository.Create("verify-random", projectProperties: "</PropertyGroup>\n" + """
              <Target Name="WriteStamp" BeforeTargets="CoreCompile">
                <Exec Command="od -An -N8 -tx8 /dev/urandom" ConsoleToMSBuild="true" StandardOutputImportance="low">
                  <Output TaskParameter="ConsoleOutput" PropertyName="RandomStamp" />
                </Exec>
                <WriteLinesToFile File="$(IntermediateOutputPath)Stamp.cs" Lines="static class Stamp { public const string Value = &quot;$(RandomStamp.Trim())&quot;%3B }" Overwrite="true" />
                <ItemGroup>
                  <Compile Include="$(IntermediateOutputPath)Stamp.cs" />
                </ItemGroup>
              </Target>
              <PropertyGroup>
            """)
            .WriteFile("app/Program.cs", "System.Console.WriteLine(Stamp.Value);\n")
            .Commit("Compile a random stamp");

        var result = Verify(repository, repository.AppProject);

        var errors = result.Errors("HB3002").ToList();
        Assert.True(result.ExitCode != 0, result.ToString());
        var dll = Assert.Single(errors, e => e.Message.Contains("'app/bin/Debug/net10.0/app.dll'", StringComparison.Ordinal));
        Assert.Contains("user string (#US)", dll.Message, StringComparison.Ordinal);
        AssertBuild.NamesFile(dll, Path.Combine(repository.Root, "app", "bin", "Debug", "net10.0", "app.dll"));
        var report = ReadReport(repository);
        Assert.Equal("failed", report.GetProperty("result").GetString());
        Assert.Contains(report.GetProperty("differences").EnumerateArray(),
            d => d.GetProperty("code").GetString() == "HB3002" && d.GetProperty("file").GetString() == "app/bin/Debug/net10.0/app.dll");
    }

    [Fact]
    public void A_random_property_compiled_in_gives_HB3003_and_still_HB3002_naming_the_dll()
    {
        // The property function fails each verification build (HB3003), but the compiled outputs
        // are there and are compared all the same.
        var repository = TestRepository.Create("verify-random-property", projectProperties: "<Stamp>$([System.Guid]::NewGuid())</Stamp>\n</PropertyGroup>\n" + """
              <ItemGroup>
                <AssemblyAttribute Include="System.Reflection.AssemblyMetadataAttribute">
                  <_Parameter1>Stamp</_Parameter1>
                  <_Parameter2>$(Stamp)</_Parameter2>
                </AssemblyAttribute>
              </ItemGroup>
              <PropertyGroup>
            """);

        var result = Verify(repository, repository.AppProject);

        AssertBuild.NamesFile(AssertBuild.FailsWith(result, "HB3003"), repository.AppProject, line: 6);
        var dll = Assert.Single(result.Errors("HB3002"), e => e.Message.Contains("'app/bin/Debug/net10.0/app.dll'", StringComparison.Ordinal));
        Assert.Contains("assembly attribute AssemblyMetadataAttribute", dll.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_two_project_solution_is_verified_once_with_both_projects()
    {
        var repository = TestRepository.Create("verify-solution")
            .WriteFile("lib/lib.csproj", TestRepository.Project(Activation.SdkElementWithVersion).Replace("<OutputType>Exe</OutputType>", string.Empty, StringComparison.Ordinal))
            .WriteFile("lib/Greeting.cs", "namespace Lib; public static class Greeting { public const string Text = \"Hello\"; }\n");
        var created = repository.Run("dotnet", "new", "sln", "-n", "shop", "--format", "sln");
        Assert.True(created.ExitCode == 0, created.ToString());
        var added = repository.Run("dotnet", "sln", "shop.sln", "add", "app/app.csproj", "lib/lib.csproj");
        Assert.True(added.ExitCode == 0, added.ToString());
        repository.WriteFile("lib.slnf", "{ \"solution\": { \"path\": \"shop.sln\", \"projects\": [ \"lib/lib.csproj\" ] } }\n")
            .Commit("A solution of two projects, and a filter of it");

        var result = Verify(repository, Path.Combine(repository.Root, "shop.sln"));

        AssertBuild.Succeeds(result);
        // Without HermeticVerifyEntryPoint the solution is verified whole, and the output names the filter that could be meant.
        Assert.Contains("VerifyHermetic: the whole solution shop.sln is verified", result.Output, StringComparison.Ordinal);
        Assert.Contains("to verify a filter (lib.slnf), set HermeticVerifyEntryPoint to it", result.Output, StringComparison.Ordinal);
        Assert.Equal(1, Occurrences(result.Output, "VerifyHermetic: copying"));
        Assert.Equal(1, Occurrences(result.Output, "VerifyHermetic: building copy A"));
        var report = ReadReport(repository);
        Assert.Equal("shop.sln", report.GetProperty("entryPoint").GetString());
        Assert.Equal(["app/app.csproj", "lib/lib.csproj"], report.GetProperty("projects").EnumerateArray().Select(p => p.GetProperty("path").GetString()));
        Assert.Contains(report.GetProperty("filesCompared").EnumerateArray(), f => f.GetProperty("path").GetString() == "lib/bin/Debug/net10.0/lib.dll");
    }

    [Fact]
    public void A_solution_filter_named_by_HermeticVerifyEntryPoint_is_verified_without_the_projects_it_leaves_out()
    {
        // lib is broken twice over: a package no feed holds (its restore fails) and code that does not compile.
        var repository = TestRepository.Create("verify-filter")
            .WriteFile("lib/lib.csproj", TestRepository.Project(Activation.SdkElementWithVersion, "</PropertyGroup>\n"
                + "<ItemGroup><PackageReference Include=\"No.Such.Package\" Version=\"1.0.0\" /></ItemGroup>\n<PropertyGroup>")
                .Replace("<OutputType>Exe</OutputType>", string.Empty, StringComparison.Ordinal))
            .WriteFile("lib/Broken.cs", "this is not C#\n");
        Assert.Equal(0, repository.Run("dotnet", "new", "sln", "-n", "shop", "--format", "sln").ExitCode);
        Assert.Equal(0, repository.Run("dotnet", "sln", "shop.sln", "add", "app/app.csproj", "lib/lib.csproj").ExitCode);
        repository
            .WriteFile("app.slnf", "{\n  \"solution\": {\n    \"path\": \"shop.sln\",\n    \"projects\": [ \"app\\\\app.csproj\" ]\n  }\n}\n")
            .WriteFile("bad.slnf", "{ \"solution\": { \"path\": \"shop.sln\" } }\n")
            .Commit("A solution, a filter of its good project, a malformed filter");
        var result = Verify(repository, "app.slnf", "-p:HermeticVerifyEntryPoint=app.slnf");

        AssertBuild.Succeeds(result);
        Assert.Contains("VerifyHermetic: solution filter app.slnf: 1 project(s) of shop.sln built, no other", result.Output, StringComparison.Ordinal);
        var report = ReadReport(repository);
        Assert.Equal("passed", report.GetProperty("result").GetString());
        Assert.Equal("app.slnf", report.GetProperty("entryPoint").GetString());
        Assert.Equal(["app/app.csproj"], report.GetProperty("projects").EnumerateArray().Select(p => p.GetProperty("path").GetString()));
        Assert.DoesNotContain(report.GetProperty("filesCompared").EnumerateArray(),
            f => f.GetProperty("path").GetString()!.StartsWith("lib/", StringComparison.Ordinal));
        var markdown = File.ReadAllText(Path.Combine(repository.Root, "artifacts", "hermetic", "verify.md"));
        Assert.Contains("**Projects (1):** `app/app.csproj`", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("lib/lib.csproj", markdown, StringComparison.Ordinal);

        // A malformed filter: HB0001 naming it, before anything is copied.
        var malformed = Verify(repository, "app.slnf", "-p:HermeticVerifyEntryPoint=bad.slnf");

        var error = AssertBuild.FailsWith(malformed, "HB0001");
        AssertBuild.NamesFile(error, Path.Combine(repository.Root, "bad.slnf"));
        Assert.Contains("'solution.projects' must be an array", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("VerifyHermetic: copying", malformed.Output, StringComparison.Ordinal);

        // The project the filter leaves out is broken indeed (last: the restore writes lock files the tree does not track).
        var whole = repository.DotNet("restore", "shop.sln");
        Assert.True(whole.ExitCode != 0 && whole.Diagnostics.Any(d => d.IsError && d.Code == "NU1101"), whole.ToString());
    }

    [Fact]
    public void A_baseline_from_a_CI_build_is_reproduced_and_a_doctored_one_gives_HB5001_naming_the_dll()
    {
        var repository = TestRepository.Create("verify-baseline");
        var elsewhere = repository.CloneTo(Path.Combine(TestRun.NewDirectory("verify-baseline-machine"), "checkout"));
        elsewhere.WithEnvironment("CI", "true");
        AssertBuild.Succeeds(elsewhere.Build("-c", "Release"));
        var outDir = Path.Combine(elsewhere.Root, "app", "bin", "Release", "net10.0");
        var baselineDirectory = TestRun.NewDirectory("verify-baseline-manifests");
        var good = WriteManifest(Path.Combine(baselineDirectory, "good", "app.hermetic.json"), outDir, doctor: null);
        var doctored = WriteManifest(Path.Combine(baselineDirectory, "doctored", "app.hermetic.json"), outDir, doctor: "app.dll");

        var reproduced = Verify(repository, repository.AppProject, $"-p:HermeticBaseline={good}");

        AssertBuild.Succeeds(reproduced);
        Assert.Equal("Release", ReadReport(repository).GetProperty("configuration").GetString());

        var differs = Verify(repository, repository.AppProject, $"-p:HermeticBaseline={doctored}");

        var error = AssertBuild.FailsWith(differs, "HB5001");
        Assert.Contains("'app/bin/Release/net10.0/app.dll'", error.Message, StringComparison.Ordinal);
        Assert.Single(differs.Errors("HB5001"));
        Assert.Empty(differs.Errors("HB3002"));
    }

    [Fact]
    public void A_working_tree_with_uncommitted_changes_is_verified_as_it_is_with_HB5003()
    {
        var repository = TestRepository.Create("verify-dirty")
            .WriteFile("app/Program.cs", "System.Console.WriteLine(\"Changed, not committed.\");\n")
            .WriteFile("notes.txt", "untracked\n");

        var result = Verify(repository, repository.AppProject);

        var warning = AssertBuild.WarnsWith(result, "HB5003");
        Assert.Contains("app/Program.cs", warning.Message, StringComparison.Ordinal);
        Assert.Contains("notes.txt", warning.Message, StringComparison.Ordinal);
        var report = ReadReport(repository);
        Assert.Equal("passed", report.GetProperty("result").GetString());
        Assert.True(report.GetProperty("source").GetProperty("dirty").GetBoolean());
    }

    [Fact]
    public void A_package_only_the_warm_packages_folder_holds_fails_the_proof()
    {
        var repository = TestRepository.Create("verify-warm", projectProperties: "</PropertyGroup>\n<ItemGroup><PackageReference Include=\"xunit.abstractions\" Version=\"2.0.3\" /></ItemGroup>\n<PropertyGroup>");
        FixturePackages.CopySignedPackage(Path.Combine(repository.Root, "feed"), "xunit.abstractions", "2.0.3");
        repository.Commit("A package from the feed");
        AssertBuild.Succeeds(repository.Build());
        repository.DeleteFile("feed/xunit.abstractions.2.0.3.nupkg").Commit("The package leaves the feed");
        // The machine's packages folder still holds it: a plain build still passes.
        AssertBuild.Succeeds(repository.Build());

        var result = Verify(repository, repository.AppProject);

        Assert.True(result.ExitCode != 0, result.ToString());
        Assert.Contains(result.Diagnostics, d => d.IsError && d.Code.StartsWith("NU", StringComparison.Ordinal));
        Assert.Equal("failed", ReadReport(repository).GetProperty("result").GetString());
    }

    /// <summary>The manifest the CI-mode build wrote beside app.dll, as another machine would hand
    /// it over; with <paramref name="doctor"/>, that output's sha256 replaced (and the digest
    /// recomputed, so the manifest itself stays valid).</summary>
    private static string WriteManifest(string path, string outDir, string? doctor)
    {
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "app.hermetic.json")))!.AsObject();
        var outputs = manifest["outputs"]!.AsArray();
        if (doctor is not null)
        {
            var entry = outputs.Single(o => (string?)o!["path"] == doctor)!.AsObject();
            entry["sha256"] = new string('0', 64);
            // The outputs are ASCII with their keys in canonical order: this is their RFC 8785 form.
            manifest["digest"] = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(outputs.ToJsonString(Canonical))));
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, manifest.ToJsonString(Canonical));
        return path;
    }

    private static readonly JsonSerializerOptions Canonical = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
