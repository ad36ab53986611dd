using Hermetic.Build.EndToEnd.Tests.Infrastructure;

namespace Hermetic.Build.EndToEnd.Tests;

/// <summary>
/// CI mode: where it comes from (the environment, or ContinuousIntegrationBuild given to the build;
/// never a project's own ContinuousIntegrationBuild), the messages that say why, and a change of it
/// recompiling the assemblies.
/// </summary>
public sealed class CiModeTests
{
    private static TestRepository RepositoryWithPackage(string name, string properties = "")
    {
        var repository = TestRepository.Create(name, projectProperties: properties);
        FixturePackages.Pack(Path.Combine(repository.Root, "feed"), "Fixture.Lib", "1.0.0");
        var project = File.ReadAllText(repository.AppProject)
            .Replace("</Project>", "  <ItemGroup><PackageReference Include=\"Fixture.Lib\" Version=\"1.0.0\" /></ItemGroup>\n</Project>",
                StringComparison.Ordinal);
        return repository.WriteFile("app/app.csproj", project).Commit("A package");
    }

    [Fact]
    public void A_project_that_sets_ContinuousIntegrationBuild_itself_writes_its_lock_on_a_workstation_and_passes_in_CI()
    {
        var repository = RepositoryWithPackage("ci-own-property", "<ContinuousIntegrationBuild>true</ContinuousIntegrationBuild>");

        AssertBuild.Succeeds(repository.Build());

        Assert.True(File.Exists(Path.Combine(repository.Root, "app", "packages.lock.json")), "The first build on a workstation writes the lock.");
        repository.Commit("Lock");
        AssertBuild.Succeeds(repository.WithEnvironment("CI", "true").Build());
    }

    [Fact]
    public void HB1001_says_why_the_build_is_in_CI_mode()
    {
        var fromEnvironment = RepositoryWithPackage("ci-reason-env").WithEnvironment("TF_BUILD", "True");
        var error = AssertBuild.FailsWith(fromEnvironment.Build(), "HB1001");
        Assert.Contains("CI mode because the environment variable TF_BUILD is set", error.Message, StringComparison.Ordinal);

        var fromCommandLine = RepositoryWithPackage("ci-reason-global");
        var global = AssertBuild.FailsWith(fromCommandLine.Build("-p:ContinuousIntegrationBuild=true"), "HB1001");
        Assert.Contains("ContinuousIntegrationBuild=true is a global property", global.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CI_mode_after_a_local_build_recompiles_and_a_second_CI_build_does_not()
    {
        var repository = TestRepository.Create("ci-recompile");
        var dll = Path.Combine(repository.Root, "app", "bin", "Debug", "net10.0", "app.dll");
        AssertBuild.Succeeds(repository.Build());
        var local = File.ReadAllBytes(dll);
        Assert.DoesNotContain("/_/", System.Text.Encoding.UTF8.GetString(local), StringComparison.Ordinal);

        var ci = repository.WithEnvironment("CI", "true");
        AssertBuild.Succeeds(ci.Build());
        var mapped = File.ReadAllBytes(dll);
        Assert.NotEqual(local, mapped);
        Assert.Contains("/_/", System.Text.Encoding.UTF8.GetString(mapped), StringComparison.Ordinal);
        var written = File.GetLastWriteTimeUtc(dll);

        AssertBuild.Succeeds(ci.Build());
        Assert.Equal(written, File.GetLastWriteTimeUtc(dll));
    }
}
