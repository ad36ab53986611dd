using Hermetic.Build.Verify;

namespace Hermetic.Build.Tests;

/// <summary>Errors and warnings of a verification build, read back and pointed at the repository's files.</summary>
public sealed class VerifyBuildOutputParserTests
{
    [Fact]
    public void Diagnostics_are_parsed_and_mapped_from_the_copy_to_the_repository()
    {
        const string output = """
              Determining projects to restore...
            /tmp/hv/a/repo/app/app.csproj : error NU1101: Unable to find package Foo. No packages exist with this id in source(s): local [/tmp/hv/a/repo/app/app.csproj]
            /tmp/hv/a/repo/app/Program.cs(3,9): warning CS0168: The variable 'x' is declared but never used [/tmp/hv/a/repo/app/app.csproj]
            /tmp/hv/a/repo/global.json(3,5): error HB1005: The running .NET SDK is 10.0.401, but global.json pins 10.0.100. [/tmp/hv/a/repo/app/app.csproj]
            MSBUILD : error MSB1009: Project file does not exist.
              app -> /tmp/hv/a/repo/app/bin/Debug/net10.0/app.dll
            /tmp/hv/a/repo/app/app.csproj : error NU1101: Unable to find package Foo. No packages exist with this id in source(s): local [/tmp/hv/a/repo/app/app.csproj]
            """;

        var diagnostics = BuildOutputParser.Parse(output, "/tmp/hv/a/repo/", "/work/shop/");

        Assert.Equal(4, diagnostics.Count);
        Assert.Equal(new ChildDiagnostic(true, "NU1101", "/work/shop/app/app.csproj", 0, 0, "Unable to find package Foo. No packages exist with this id in source(s): local"), diagnostics[0]);
        Assert.Equal(new ChildDiagnostic(false, "CS0168", "/work/shop/app/Program.cs", 3, 9, "The variable 'x' is declared but never used"), diagnostics[1]);
        Assert.Equal("HB1005", diagnostics[2].Code);
        Assert.Equal("/work/shop/global.json", diagnostics[2].File);
        Assert.Equal(new ChildDiagnostic(true, "MSB1009", null, 0, 0, "Project file does not exist."), diagnostics[3]);
    }

    [Fact]
    public void Paths_in_messages_are_mapped_too()
    {
        Assert.Equal("Could not copy /work/shop/app/x.txt", BuildOutputParser.MapText("Could not copy /tmp/hv/bbb/repo/app/x.txt", "/tmp/hv/bbb/repo", "/work/shop/"));
    }
}
