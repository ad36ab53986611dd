using Hermetic.Build.Tests.TestSupport;
using static Hermetic.Build.Tests.Evaluation.SdkEvaluation;

namespace Hermetic.Build.Tests.Evaluation;

/// <summary>How sdk/Hermetic.Build.Manifest.targets reads HermeticSigningKey: a file path is passed
/// to the task as a file, PEM text only by the property's name (never as a task parameter).</summary>
[Trait(Category.Name, Category.Evaluation)]
public sealed class ManifestSettingsTests : IDisposable
{
    private const string Pem = "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----";

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Without_a_key_nothing_is_signed()
    {
        var project = WriteAndEvaluate(_dir, "App/App.csproj");

        Assert.Equal(string.Empty, project["_HermeticSigning"]);
        Assert.Equal(string.Empty, project["_HermeticSigningKeyFile"]);
        Assert.Equal(string.Empty, project["_HermeticSigningKeyVariable"]);
        Assert.Equal("urn:hermetic-build:builder:msbuild", project["HermeticProvenanceBuilderId"]);
    }

    [Fact]
    public void A_key_file_relative_to_the_project_is_passed_as_a_full_path()
    {
        var keyFile = _dir.Write("App/keys/signing.pem", Pem);

        var project = WriteAndEvaluate(_dir, "App/App.csproj", "  <PropertyGroup><HermeticSigningKey>keys/signing.pem</HermeticSigningKey></PropertyGroup>");

        Assert.Equal("true", project["_HermeticSigning"]);
        Assert.Equal(keyFile, project["_HermeticSigningKeyFile"]);
        Assert.Equal(string.Empty, project["_HermeticSigningKeyVariable"]);
    }

    [Fact]
    public void PEM_text_is_passed_by_the_property_name_only()
    {
        var path = _dir.Write("App/App.csproj", ProjectText());

        var project = Evaluate(path, new Dictionary<string, string> { ["HermeticSigningKey"] = Pem });

        Assert.Equal("true", project["_HermeticSigning"]);
        Assert.Equal(string.Empty, project["_HermeticSigningKeyFile"]);
        Assert.Equal("HermeticSigningKey", project["_HermeticSigningKeyVariable"]);
    }

    [Fact]
    public void A_set_builder_id_wins()
    {
        var project = WriteAndEvaluate(_dir, "App/App.csproj", "  <PropertyGroup><HermeticProvenanceBuilderId>https://ci.example.invalid/builder</HermeticProvenanceBuilderId></PropertyGroup>");

        Assert.Equal("https://ci.example.invalid/builder", project["HermeticProvenanceBuilderId"]);
    }
}
