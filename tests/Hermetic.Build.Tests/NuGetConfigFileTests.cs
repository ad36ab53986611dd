using FsCheck;
using FsCheck.Fluent;
using Hermetic.Build.Sources;

namespace Hermetic.Build.Tests;

public sealed class NuGetConfigFileTests
{
    [Fact]
    public void Entries_carry_their_section_and_line()
    {
        var file = NuGetConfigFile.Parse("/r/nuget.config", """
            <configuration>
              <packageSources>
                <clear />
                <add key="a" value="feed" />
              </packageSources>
              <packageSourceCredentials>
                <My_x0020_Feed>
                  <add key="Password" value="x" />
                </My_x0020_Feed>
              </packageSourceCredentials>
            </configuration>
            """);

        Assert.True(file.Clears("packageSources"));
        Assert.Equal(2, file.SectionElement("packageSources")!.Line);
        var add = Assert.Single(file.In("packageSources"), e => e.ElementName == "add");
        Assert.Equal(("a", "feed", 4), (add.Key, add.Value, add.Line));
        var password = Assert.Single(file.In("packageSourceCredentials/My Feed"));
        Assert.Equal(("Password", 8), (password.Key, password.Line));
    }

    [Fact]
    public void Malformed_XML_is_an_input_error_with_its_line()
    {
        var error = Assert.Throws<Hermetic.Build.Core.HermeticInputException>(() => NuGetConfigFile.Parse("/r/nuget.config", "<configuration>\n<packageSources>\n"));

        Assert.Equal("/r/nuget.config", error.Location.File);
    }

    [Theory]
    [InlineData("https://Pkgs.Example.Invalid/v3/index.json/", "https://pkgs.example.invalid/v3/index.json")]
    [InlineData("HTTPS://pkgs.example.invalid:443/v3/", "https://pkgs.example.invalid/v3")]
    [InlineData("https://user:pw@pkgs.example.invalid/v3", "https://pkgs.example.invalid/v3")]
    [InlineData("https://pkgs.example.invalid:8443/v3", "https://pkgs.example.invalid:8443/v3")]
    public void URLs_are_compared_normalized(string url, string expected) =>
        Assert.Equal(expected, PackageSourceAddress.NormalizeUrl(url));

    [Fact]
    public void Normalizing_twice_changes_nothing()
    {
        Prop.ForAll<NonEmptyString, bool>((segment, slash) =>
        {
            var path = new string(segment.Get.Where(char.IsAsciiLetterOrDigit).ToArray());
            var once = PackageSourceAddress.NormalizeUrl("https://PKGS.example.invalid/" + path + (slash ? "/" : string.Empty))!;
            return once == PackageSourceAddress.NormalizeUrl(once) && !once.EndsWith('/');
        }).Check(Config.QuickThrowOnFailure);
    }

    [Theory]
    [InlineData("feed", PackageSourceKind.Folder)]
    [InlineData("/opt/feed", PackageSourceKind.Folder)]
    [InlineData("file:///opt/feed", PackageSourceKind.Folder)]
    [InlineData("https://pkgs.example.invalid/v3/index.json", PackageSourceKind.Https)]
    [InlineData("http://pkgs.example.invalid/v3/index.json", PackageSourceKind.Http)]
    [InlineData("ftp://pkgs.example.invalid/feed", PackageSourceKind.Other)]
    [InlineData(@"\\server\share\feed", PackageSourceKind.Other)]
    public void Source_values_are_classified(string value, PackageSourceKind kind) =>
        Assert.Equal(kind, PackageSourceAddress.Parse(value, "/repo").Kind);

    [Fact]
    public void A_relative_folder_is_inside_the_repository_and_an_escaping_one_is_not()
    {
        Assert.True(PackageSourceAddress.Parse("feed", "/repo").IsInside("/repo/"));
        Assert.False(PackageSourceAddress.Parse("../feed", "/repo").IsInside("/repo/"));
        Assert.False(PackageSourceAddress.Parse("/repo-other/feed", "/repo").IsInside("/repo/"));
    }
}
