using System.Security.Cryptography;
using System.Text;
using Hermetic.Build.Core;
using Hermetic.Build.Manifest;
using Hermetic.Build.Tests.TestSupport;
using Hermetic.Build.Verify;

namespace Hermetic.Build.Tests;

/// <summary>
/// The folder HermeticBuildBaseline writes: manifests at their repository paths with their files
/// beside them and an index; HermeticBaseline reads exactly the manifests the index names, and
/// HB5001 then says where a file differs from the baseline's own copy.
/// </summary>
public sealed class VerifyBaselineFolderTests
{
    private static string Sha(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static string Manifest(params (string Path, string Content)[] outputs)
    {
        var manifest = new BuildManifest("app/app.csproj", "net10.0", "Release", new ManifestToolchain("10.0.401", "18.0.0"),
            new ManifestSource(new string('a', 40), false), null, [],
            outputs.Select(o => new ManifestOutput(o.Path, Sha(o.Content), Encoding.UTF8.GetByteCount(o.Content))));
        return Encoding.UTF8.GetString(manifest.ToCanonicalBytes());
    }

    [Fact]
    public void The_folder_holds_each_manifest_with_its_files_and_an_index_that_reading_follows()
    {
        using var temp = new TempDirectory();
        temp.Write("copy/app/bin/Release/net10.0/app.dll", "the dll");
        temp.Write("copy/app/bin/Release/net10.0/app.txt", "line one\nline two\n");
        temp.Write("copy/app/bin/Release/net10.0/app.hermetic.json", Manifest(("app.dll", "the dll"), ("app.txt", "line one\nline two\n")));
        var built = new[] { new BuiltOutput("app/app.csproj", "net10.0", "app/bin/Release/net10.0/", "app/bin/Release/net10.0/app.hermetic.json") };

        var written = BaselineFolder.Write(temp.Combine("baseline"), temp.Combine("copy"), built, "app/app.csproj", "Release", new string('a', 40), "namespace");

        Assert.Equal(["app/bin/Release/net10.0/app.hermetic.json"], written);
        Assert.Equal("the dll", File.ReadAllText(temp.Combine("baseline/app/bin/Release/net10.0/app.dll")));
        // A stray manifest in the folder is not taken: the index says which ones are the baseline.
        temp.Write("baseline/other/stray.hermetic.json", Manifest(("stray.dll", "x")));
        var read = BaselineManifest.ReadAll(temp.Combine("baseline"), temp.Path);
        Assert.Equal([temp.Combine("baseline/app/bin/Release/net10.0/app.hermetic.json")], read.Select(m => m.File));

        // The copy being verified wrote another second line: HB5001 says where, from the baseline's own file.
        temp.Write("verify/app/bin/Release/net10.0/app.dll", "the dll");
        temp.Write("verify/app/bin/Release/net10.0/app.txt", "line one\nline 2\n");
        var differences = BaselineManifest.Compare(read, temp.Combine("verify"), built, temp.Path);

        var difference = Assert.Single(differences);
        Assert.Equal("app/bin/Release/net10.0/app.txt", difference.File);
        Assert.Contains("line 2", difference.Where, StringComparison.Ordinal);
        Assert.DoesNotContain("sha256", difference.Where, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_that_is_not_empty_is_refused_before_anything_is_written()
    {
        using var temp = new TempDirectory();
        temp.Write("baseline/old.txt", "an older baseline");

        var error = Assert.Throws<HermeticInputException>(() => BaselineFolder.RequireEmpty(temp.Combine("baseline")));

        Assert.Contains("not empty", error.Message, StringComparison.Ordinal);
        BaselineFolder.RequireEmpty(temp.Combine("absent"));
    }

    [Theory]
    [InlineData("""{"schema":"hermetic-build/baseline/v1","manifests":["../outside.hermetic.json"]}""", "not a relative path")]
    [InlineData("""{"schema":"hermetic-build/baseline/v1","manifests":["/etc/app.hermetic.json"]}""", "not a relative path")]
    [InlineData("""{"schema":"something/else","manifests":[]}""", "not a baseline index")]
    public void An_index_that_leads_out_of_its_folder_or_is_not_one_is_bad_input(string index, string expected)
    {
        using var temp = new TempDirectory();
        temp.Write("baseline/hermetic-baseline.json", index);

        var error = Assert.Throws<HermeticInputException>(() => BaselineManifest.ReadAll(temp.Combine("baseline"), temp.Path));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Equal(temp.Combine("baseline/hermetic-baseline.json"), error.Location.File);
    }
}
