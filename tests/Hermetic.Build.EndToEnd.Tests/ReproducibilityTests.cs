using System.Text;
using Hermetic.Build.EndToEnd.Tests.Infrastructure;

namespace Hermetic.Build.EndToEnd.Tests;

/// <summary>
/// docs/determinism.md, determinism defaults: two CI-mode builds of one commit, from checkouts whose paths
/// differ in length, give bit-identical assemblies and PDBs — with output folders inside the
/// repository and outside it.
/// </summary>
public sealed class ReproducibilityTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Two_CI_builds_from_different_paths_are_bit_identical(bool outputOutsideRepository)
    {
        var origin = TestRepository.Create("repro-origin");
        var shortPath = Path.Combine(TestRun.NewDirectory("r"), "c");
        var longPath = Path.Combine(TestRun.NewDirectory("repro-checkout-with-a-much-longer-path"), "nested", "clone");
        var checkouts = new[] { origin.CloneTo(shortPath), origin.CloneTo(longPath) };

        var outputs = checkouts.Select(checkout =>
        {
            checkout.WithEnvironment("CI", "true");
            var outside = checkout.Root + "-out";
            string[] arguments = outputOutsideRepository
                ? ["-c", "Release", $"-p:BaseOutputPath={outside}/bin/", $"-p:BaseIntermediateOutputPath={outside}/obj/"]
                : ["-c", "Release"];
            var result = checkout.Build(arguments);
            AssertBuild.Succeeds(result);
            var binDirectory = outputOutsideRepository
                ? Path.Combine(outside, "bin", "Release", "net10.0")
                : Path.Combine(checkout.Root, "app", "bin", "Release", "net10.0");
            return (checkout, binDirectory);
        }).ToArray();

        foreach (var file in new[] { "app.dll", "app.pdb" })
        {
            var first = File.ReadAllBytes(Path.Combine(outputs[0].binDirectory, file));
            var second = File.ReadAllBytes(Path.Combine(outputs[1].binDirectory, file));
            Assert.True(first.AsSpan().SequenceEqual(second), $"{file} differs between {outputs[0].checkout.Root} and {outputs[1].checkout.Root}");
            // Portable PDBs store paths as separate segments: look for the long checkout's unique folder name.
            var uniqueSegment = Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(longPath)))!;
            Assert.True(first.AsSpan().IndexOf(Encoding.UTF8.GetBytes(uniqueSegment)) < 0, $"{file} holds the checkout path {longPath}");
        }
    }

    [Fact]
    public void A_local_build_keeps_local_paths_for_debugging()
    {
        var repository = TestRepository.Create("repro-local");

        AssertBuild.Succeeds(repository.Build("-c", "Release"));

        var pdb = File.ReadAllBytes(Path.Combine(repository.Root, "app", "bin", "Release", "net10.0", "app.pdb"));
        var uniqueSegment = Path.GetFileName(repository.Root);
        Assert.True(pdb.AsSpan().IndexOf(Encoding.UTF8.GetBytes(uniqueSegment)) >= 0, "Outside CI the PDB should name the real source paths.");
    }
}
