using Hermetic.Build.Core;

namespace Hermetic.Build.Tests;

/// <summary>One rule for paths: case-insensitive on Windows and macOS, ordinal elsewhere.</summary>
public sealed class PathComparisonTests
{
    private static readonly bool CaseInsensitiveDisk = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS();

    [Fact]
    public void Case_matters_exactly_where_the_file_system_keeps_case_apart()
    {
        var folder = Path.Combine(Path.GetTempPath(), "Repo");
        var other = Path.Combine(Path.GetTempPath(), "repo");

        Assert.Equal(CaseInsensitiveDisk, PathComparison.IgnoresCase);
        Assert.Equal(CaseInsensitiveDisk, PathComparison.Equal(folder, other));
        Assert.Equal(CaseInsensitiveDisk, PathComparison.StartsWith(Path.Combine(folder, "x.cs"), other));
        Assert.Equal(CaseInsensitiveDisk, PathComparison.Comparer.Equals(folder, other));
        Assert.Equal(CaseInsensitiveDisk, Codegen.RepositoryPaths.IsUnder(Path.Combine(folder, "x.cs"), other));
    }

    [Fact]
    public void A_trailing_separator_does_not_make_another_folder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "Repo");

        Assert.True(PathComparison.SameFolder(folder, folder + Path.DirectorySeparatorChar));
        Assert.False(PathComparison.SameFolder(folder, folder + "2"));
    }
}
