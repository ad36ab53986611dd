using System.Text;
using Hermetic.Build.Core;
using Hermetic.Build.Locks;
using Hermetic.Build.Tests.TestSupport;

namespace Hermetic.Build.Tests;

public sealed class HermeticLockFileTests
{
    private static HermeticLockEntry Entry(string id, string version, string kind, params string[] projects) =>
        new(id, version, kind, "hash-of-" + id, projects);

    [Fact]
    public void Serializes_sorted_stable_bytes_that_parse_back_to_the_same_entries()
    {
        var file = new HermeticLockFile([
            Entry("Zeta", "1.0.0", ExternalPackageKind.Download, "b/b.csproj", "a/a.csproj", "a/a.csproj"),
            Entry("alpha", "2.0.0", ExternalPackageKind.Tool),
            Entry("Alpha", "10.0.0", ExternalPackageKind.Sdk, "a/a.csproj"),
        ]);

        var bytes = file.Serialize();
        var text = Encoding.UTF8.GetString(bytes);

        Assert.DoesNotContain("\r", text, StringComparison.Ordinal);
        Assert.EndsWith("}\n", text, StringComparison.Ordinal);
        Assert.Equal(["alpha", "Alpha", "Zeta"], file.Entries.Select(e => e.Id));
        Assert.Equal(["a/a.csproj", "b/b.csproj"], file.Entries[2].Projects);
        var parsed = HermeticLockFile.Parse("hermetic.lock.json", bytes);
        Assert.Equal(bytes, parsed.Serialize());
        Assert.Equal(bytes, new HermeticLockFile(file.Entries.Reverse()).Serialize());
    }

    [Theory]
    [InlineData("{", "not valid JSON")]
    [InlineData("[]", "JSON object")]
    [InlineData("{\"version\": 2, \"packages\": []}", "\"version\" must be 1")]
    [InlineData("{\"version\": 1}", "\"packages\"")]
    [InlineData("{\"version\": 1, \"packages\": [{\"id\": \"A\", \"version\": \"1.0.0\", \"kind\": \"other\", \"contentHash\": \"x\"}]}", "kind 'other'")]
    [InlineData("{\"version\": 1, \"packages\": [{\"id\": \"A\", \"version\": \"1.0.0\", \"kind\": \"sdk\"}]}", "contentHash")]
    [InlineData("{\"version\": 1, \"packages\": [{\"id\": \"A\", \"version\": \"1.0.0\", \"kind\": \"sdk\", \"contentHash\": \"x\"}, {\"id\": \"a\", \"version\": \"1.0.0\", \"kind\": \"sdk\", \"contentHash\": \"y\"}]}", "more than once")]
    public void Malformed_files_fail_closed_naming_the_file(string json, string reason)
    {
        var error = Assert.Throws<HermeticInputException>(() => HermeticLockFile.Parse("/repo/hermetic.lock.json", Encoding.UTF8.GetBytes(json)));
        Assert.Equal("/repo/hermetic.lock.json", error.Location.File);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Writer_leaves_an_unchanged_file_untouched_and_applies_changes_atomically()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("hermetic.lock.json");

        Assert.True(HermeticLockWriter.Update(path, _ => new HermeticLockFile([Entry("A", "1.0.0", ExternalPackageKind.Sdk, "p.csproj")])));
        var written = File.ReadAllBytes(path);
        var time = File.GetLastWriteTimeUtc(path);
        Assert.False(HermeticLockWriter.Update(path, current => new HermeticLockFile(current!.Entries)));
        Assert.False(HermeticLockWriter.Update(path, _ => null));
        Assert.Equal(written, File.ReadAllBytes(path));
        Assert.Equal(time, File.GetLastWriteTimeUtc(path));
        Assert.Single(Directory.EnumerateFiles(temp.Path));
    }

    [Fact]
    public void Parallel_writers_lose_no_entry()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("hermetic.lock.json");

        Parallel.For(0, 16, i => HermeticLockWriter.Update(path, current =>
            new HermeticLockFile([.. current?.Entries ?? [], Entry("P" + i, "1.0.0", ExternalPackageKind.Download, $"p{i}.csproj")])));

        Assert.Equal(16, HermeticLockFile.Load(path).Entries.Count);
    }
}
