using Hermetic.Build.Core;

namespace Hermetic.Build.Verify;

/// <summary>One verification copy: how it varies and where its folders are.</summary>
/// <param name="Tracked">The tracked files as staged, to find what the build changed (HB3004).</param>
public sealed record StagedCopy(BuildVariation Variation, CopyLayout Layout, int FilesCopied, TrackedFileSnapshot Tracked);

/// <summary>
/// Step 1 of the proof: the repository's tracked files copied into two fresh folders of different
/// path length, each with its own empty packages folder, caches, home and temp folder; the hash of
/// every tracked file of each copy recorded, so that what a build changes can be named (HB3004).
/// </summary>
public static class VerificationStaging
{
    /// <summary>Stages a copy per variation: both for the proof, copy A alone for HermeticBuildBaseline.</summary>
    public static IReadOnlyList<StagedCopy> Stage(WorkingTree tree, string workDirectory, Action<string> progress, IReadOnlyList<BuildVariation>? variations = null)
    {
        if (Directory.Exists(workDirectory) && Directory.EnumerateFileSystemEntries(workDirectory).Any())
        {
            throw new HermeticInputException(new SourceLocation(workDirectory),
                "the folder for the verification copies is not empty; name an empty or new folder in HermeticVerifyDirectory");
        }

        var layouts = (variations ?? BuildVariation.Both).Select(v => (Variation: v, Layout: new CopyLayout(Path.Combine(workDirectory, v.Folder)))).ToList();
        progress($"copying {tree.TrackedFiles.Count} tracked files to {string.Join(" and ", layouts.Select(l => l.Layout.Repository))}");
        var copies = new List<StagedCopy>();
        foreach (var (variation, layout) in layouts)
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            layout.Create();
            var copied = tree.CopyTo(layout.Repository);
            copies.Add(new StagedCopy(variation, layout, copied, TrackedFileSnapshot.Record(layout.Repository, tree.TrackedFiles)));
            progress($"copy {variation.Name}: copied {copied} tracked files and recorded their hashes in "
                     + watch.Elapsed.TotalSeconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + " s");
        }

        return copies;
    }

    /// <summary>The report's line for this step.</summary>
    public static VerifyCheck Check(IReadOnlyList<StagedCopy> copies) =>
        new("copy", VerifyCheck.Passed, copies.Count == 1
            ? $"{copies[0].FilesCopied} tracked files copied to a fresh folder"
            : $"{copies[0].FilesCopied} tracked files copied to two fresh folders whose paths differ in length");
}
