using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Hermetic.Build.Codegen;
using Hermetic.Build.Core;
using Hermetic.Build.Tests.TestSupport;

namespace Hermetic.Build.Tests;

/// <summary>The committed stamp: stable bytes, a faithful round trip, and fail-closed reading.</summary>
public sealed class GenerateStampTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static readonly StampEntry Api = new("Api", "dotnet tool run mygen --in api.yaml --out {output} && echo ok > {output}/x",
        "Generated/Api",
        [new StampFile("api.yaml", new string('b', 64)), new StampFile("../.config/dotnet-tools.json", new string('a', 64))],
        [new StampFile("Z.cs", new string('c', 64)), new StampFile("A/B.cs", new string('d', 64))]);

    private static readonly StampEntry Enums = new("Enums", "../tools/gen.sh {output}", "Generated/Enums", [], [new StampFile("Enums.cs", new string('e', 64))]);

    [Fact]
    public void The_stamp_is_sorted_LF_json_with_a_final_new_line()
    {
        var text = Encoding.UTF8.GetString(new GenerateStamp([Enums, Api]).ToBytes());

        Assert.DoesNotContain("\r", text, StringComparison.Ordinal);
        Assert.EndsWith("}\n", text, StringComparison.Ordinal);
        Assert.True(text.IndexOf("\"Api\"", StringComparison.Ordinal) < text.IndexOf("\"Enums\"", StringComparison.Ordinal));
        Assert.True(text.IndexOf("../.config", StringComparison.Ordinal) < text.IndexOf("\"path\": \"api.yaml\"", StringComparison.Ordinal));
        Assert.True(text.IndexOf("A/B.cs", StringComparison.Ordinal) < text.IndexOf("Z.cs", StringComparison.Ordinal));
        Assert.Contains("\"command\": \"dotnet tool run mygen --in api.yaml --out {output} && echo ok > {output}/x\"", text, StringComparison.Ordinal);
        Assert.StartsWith("{\n  \"schema\": \"hermetic-build/generate/v1\",\n  \"generators\": [\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Reading_gives_back_what_was_written()
    {
        var path = Path.Combine(_dir.Path, "app.hermetic-generate.json");
        var stamp = new GenerateStamp([Api, Enums]);
        Assert.True(stamp.Write(path));
        Assert.False(stamp.Write(path)); // unchanged: left alone

        var read = GenerateStamp.Read(path);

        Assert.Equal(stamp.ToBytes(), read.ToBytes());
        Assert.Equal("Generated/Api", read.Find("api")!.OutputDirectory);
    }

    [Fact]
    public void The_order_entries_come_in_never_changes_the_bytes()
    {
        var files = Gen.Elements("a.cs", "b/c.cs", "B.cs", "z.txt", "../x.yaml").ListOf().Select(l => l.Distinct().ToList());
        Prop.ForAll(files.ToArbitrary(), paths =>
        {
            var entries = paths.Select((p, i) => new StampFile(p, i.ToString("x64", System.Globalization.CultureInfo.InvariantCulture))).ToList();
            var forward = new GenerateStamp([new StampEntry("G", "c", "o", entries, entries)]).ToBytes();
            var backward = new GenerateStamp([new StampEntry("G", "c", "o", Enumerable.Reverse(entries).ToList(), Enumerable.Reverse(entries).ToList())]).ToBytes();
            return forward.AsSpan().SequenceEqual(backward);
        }).QuickCheckThrowOnFailure();
    }

    [Theory]
    [InlineData("{ not json")]
    [InlineData("{ \"schema\": \"something-else\", \"generators\": [] }")]
    [InlineData("{ \"schema\": \"hermetic-build/generate/v1\" }")]
    [InlineData("{ \"schema\": \"hermetic-build/generate/v1\", \"generators\": [ { \"name\": \"A\" } ] }")]
    public void A_file_that_is_not_a_stamp_fails_closed_naming_it(string content)
    {
        var path = _dir.Write("app.hermetic-generate.json", content);

        var error = Assert.Throws<HermeticInputException>(() => GenerateStamp.Read(path));
        Assert.Equal(path, error.Location.File);
    }
}
