using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Hermetic.Build.Core;
using Hermetic.Build.Manifest;
using Hermetic.Build.Tests.TestSupport;
using Hermetic.Build.Verify;

namespace Hermetic.Build.Tests;

/// <summary>HB5001: baseline manifests read, matched to the verification build and compared output by output.</summary>
public sealed class VerifyBaselineTests
{
    private static string Sha(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>A complete manifest, written by the manifest concern's own model.</summary>
    private static string Manifest(string outputs, string project = "app/app.csproj", string configuration = "Release")
    {
        var list = JsonDocument.Parse("[" + outputs + "]").RootElement.EnumerateArray()
            .Select(o => new ManifestOutput(o.GetProperty("path").GetString()!, o.GetProperty("sha256").GetString()!, o.GetProperty("size").GetInt64()));
        var manifest = new BuildManifest(project, "net10.0", configuration, new ManifestToolchain("10.0.401", "18.0.0"),
            new ManifestSource(new string('a', 40), false), null, [], list);
        return Encoding.UTF8.GetString(manifest.ToCanonicalBytes());
    }

    private static string Output(string path, string content) => $$"""{"path":"{{path}}","sha256":"{{Sha(content)}}","size":{{Encoding.UTF8.GetByteCount(content)}}}""";

    [Fact]
    public void A_matching_baseline_gives_nothing_and_a_differing_or_missing_file_gives_HB5001_each()
    {
        using var temp = new TempDirectory();
        temp.Write("copy/app/bin/Release/net10.0/app.dll", "the dll");
        temp.Write("copy/app/bin/Release/net10.0/app.pdb", "the pdb");
        var built = new[] { new BuiltOutput("app/app.csproj", "net10.0", "app/bin/Release/net10.0/", null) };
        var good = temp.Write("baseline/good.hermetic.json", Manifest(Output("app.dll", "the dll") + "," + Output("app.pdb", "the pdb")));
        var bad = temp.Write("baseline/bad.hermetic.json", Manifest(Output("app.dll", "another dll") + "," + Output("app.xml", "docs")));

        Assert.Empty(BaselineManifest.Compare([BaselineManifest.Read(good)], temp.Combine("copy"), built, temp.Path));
        var differences = BaselineManifest.Compare([BaselineManifest.Read(bad)], temp.Combine("copy"), built, temp.Path);

        Assert.Equal(["app/bin/Release/net10.0/app.dll", "app/bin/Release/net10.0/app.xml"], differences.Select(d => d.File));
        Assert.All(differences, d => Assert.Equal("HB5001", d.Code));
        Assert.All(differences, d => Assert.Equal("baseline/bad.hermetic.json", d.Against));
        Assert.Equal($"sha256 {Sha("another dll")} (11 bytes) in the baseline, {Sha("the dll")} (7 bytes) in the verification build", differences[0].Where);
        Assert.Equal("the verification build did not write it", differences[1].Where);
    }

    [Fact]
    public void Outputs_are_relative_to_the_verification_builds_manifest_when_it_writes_one()
    {
        using var temp = new TempDirectory();
        temp.Write("copy/artifacts/app/app.dll", "the dll");
        var built = new[] { new BuiltOutput("app/app.csproj", "net10.0", "app/bin/Release/net10.0/", "artifacts/app/app.hermetic.json") };
        var manifest = temp.Write("baseline/app.hermetic.json", Manifest(Output("app.dll", "the dll")));

        Assert.Empty(BaselineManifest.Compare([BaselineManifest.Read(manifest)], temp.Combine("copy"), built, temp.Path));
    }

    [Fact]
    public void A_baseline_of_a_project_the_verification_did_not_build_names_each_output()
    {
        using var temp = new TempDirectory();
        var manifest = temp.Write("baseline/lib.hermetic.json", Manifest(Output("lib.dll", "x"), project: "lib/lib.csproj"));

        var difference = Assert.Single(BaselineManifest.Compare([BaselineManifest.Read(manifest)], temp.Combine("copy"), [], temp.Path));

        Assert.Equal("lib/lib.csproj: lib.dll", difference.File);
        Assert.Equal("the verification build did not build lib/lib.csproj for net10.0", difference.Where);
    }

    [Fact]
    public void A_folder_names_every_manifest_in_it_and_relative_paths_start_where_the_command_ran()
    {
        using var temp = new TempDirectory();
        temp.Write("baselines/app/app.hermetic.json", Manifest(Output("app.dll", "a")));
        temp.Write("baselines/pub/hermetic.json", Manifest(Output("app.dll", "a")));
        temp.Write("baselines/notes.json", "{}");

        var manifests = BaselineManifest.ReadAll("baselines", temp.Path);

        Assert.Equal([temp.Combine("baselines", "app", "app.hermetic.json"), temp.Combine("baselines", "pub", "hermetic.json")], manifests.Select(m => m.File));
        Assert.All(manifests, m => Assert.Equal("Release", m.Configuration));
    }

    // The schema itself is the manifest reader's (ManifestTests); here: a baseline goes through it.
    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("""{"schema":"other/v1","outputs":[]}""")]
    [InlineData("""{"schema":"hermetic-build/manifest/v1"}""")]
    [InlineData("""{"schema":"hermetic-build/manifest/v1","outputs":[{"path":"a.dll","sha256":"xyz","size":1}]}""")]
    public void A_malformed_baseline_is_bad_input_naming_the_file(string content)
    {
        using var temp = new TempDirectory();
        var path = temp.Write("baseline.hermetic.json", content);

        var error = Assert.Throws<HermeticInputException>(() => BaselineManifest.Read(path));

        Assert.Equal(path, error.Location.File);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    [Fact]
    public void A_baseline_output_outside_the_manifest_folder_is_bad_input()
    {
        using var temp = new TempDirectory();
        var path = temp.Write("baseline.hermetic.json", Manifest(Output("../a.dll", "x")));

        var error = Assert.Throws<HermeticInputException>(() => BaselineManifest.Read(path));

        Assert.Equal(path, error.Location.File);
    }

    [Fact]
    public void A_missing_baseline_or_an_empty_folder_is_bad_input()
    {
        using var temp = new TempDirectory();
        temp.CreateDirectory("empty");

        Assert.Contains("does not exist", Assert.Throws<HermeticInputException>(() => BaselineManifest.ReadAll("missing.hermetic.json", temp.Path)).Message, StringComparison.Ordinal);
        Assert.Contains("holds no manifest", Assert.Throws<HermeticInputException>(() => BaselineManifest.ReadAll("empty", temp.Path)).Message, StringComparison.Ordinal);
        Assert.Empty(BaselineManifest.ReadAll(" ; ", temp.Path));
    }
}
