using Hermetic.Build.Determinism;
using Hermetic.Build.Tests.TestSupport;

namespace Hermetic.Build.Tests;

public class PropertyFunctionScannerTests
{
    public static TheoryData<string, string> Clock => new()
    {
        { "$([System.DateTime]::Now)", "[System.DateTime]::Now" },
        { "$([System.DateTime]::UtcNow)", "[System.DateTime]::UtcNow" },
        { "$([System.DateTime]::Today)", "[System.DateTime]::Today" },
        { "$([System.DateTime]::Now.ToString('yyyyMMdd'))", "[System.DateTime]::Now" },
        { "$([System.DateTime]::UtcNow.Ticks)", "[System.DateTime]::UtcNow" },
        { "$([DateTime]::Now)", "[DateTime]::Now" },
        { "$([System.DateTimeOffset]::Now)", "[System.DateTimeOffset]::Now" },
        { "$([System.DateTimeOffset]::UtcNow.ToUnixTimeSeconds())", "[System.DateTimeOffset]::UtcNow" },
        { "$([DateTimeOffset]::Today)", "[DateTimeOffset]::Today" },
        { "$([System.DateTime]::get_Now())", "[System.DateTime]::get_Now" },
        { "$([System.DateTime]::get_UtcNow())", "[System.DateTime]::get_UtcNow" },
        { "$([System.DateTimeOffset]::get_UtcNow())", "[System.DateTimeOffset]::get_UtcNow" },
        { "$([ System.DateTime ] :: Now)", "[System.DateTime]::Now" },
        { "$([System.DateTime]::\n    Now)", "[System.DateTime]::Now" },
        { "$([system.datetime]::now)", "[system.datetime]::now" },
        { "$([SYSTEM.DATETIME]::UTCNOW)", "[SYSTEM.DATETIME]::UTCNOW" },
        { "$([System.Environment]::TickCount)", "[System.Environment]::TickCount" },
        { "$([System.Environment]::TickCount64)", "[System.Environment]::TickCount64" },
        { "$([Environment]::get_TickCount64())", "[Environment]::get_TickCount64" },
        { "$([System.Diagnostics.Stopwatch]::GetTimestamp())", "[System.Diagnostics.Stopwatch]::" },
    };

    public static TheoryData<string, string> Randomness => new()
    {
        { "$([System.Guid]::NewGuid())", "[System.Guid]::NewGuid" },
        { "$([Guid]::NewGuid().ToString('N'))", "[Guid]::NewGuid" },
        { "$([system.guid]::newguid())", "[system.guid]::newguid" },
        { "$([System.Random]::new().Next())", "[System.Random]" },
        { "$([System.Random]::Shared.Next(100))", "[System.Random]" },
        { "$([ Random ]::new())", "[Random]" },
        { "$([System.IO.Path]::GetRandomFileName())", "[System.IO.Path]::GetRandomFileName" },
        { "$([System.IO.Path]::GetTempFileName())", "[System.IO.Path]::GetTempFileName" },
        { "$([IO.Path]::GetRandomFileName())", "[IO.Path]::GetRandomFileName" },
    };

    public static TheoryData<string, string> Machine => new()
    {
        { "$([System.Environment]::MachineName)", "[System.Environment]::MachineName" },
        { "$([System.Environment]::UserName)", "[System.Environment]::UserName" },
        { "$([System.Environment]::UserDomainName)", "[System.Environment]::UserDomainName" },
        { "$([System.Environment]::ProcessId)", "[System.Environment]::ProcessId" },
        { "$([System.Environment]::get_MachineName())", "[System.Environment]::get_MachineName" },
        { "$([System.Environment]::CurrentManagedThreadId)", "[System.Environment]::CurrentManagedThreadId" },
        { "$([System.Net.Dns]::GetHostName())", "[System.Net.Dns]::GetHostName" },
        { "$(USERNAME)", "$(USERNAME)" },
        { "$(username)", "$(username)" },
        { "$( USERNAME )", "$(USERNAME)" },
        { "$(USER)", "$(USER)" },
        { "$(LOGNAME)", "$(LOGNAME)" },
        { "$(COMPUTERNAME)", "$(COMPUTERNAME)" },
        { "$(HOSTNAME)", "$(HOSTNAME)" },
        { "$(USERDOMAIN)", "$(USERDOMAIN)" },
        { "$([System.Environment]::GetEnvironmentVariable('USERNAME'))", "GetEnvironmentVariable('USERNAME')" },
        { "$([System.Environment]::GetEnvironmentVariable(\"COMPUTERNAME\"))", "GetEnvironmentVariable(\"COMPUTERNAME\")" },
        { "$([System.Environment]::GetEnvironmentVariable( 'HOSTNAME' ))", "GetEnvironmentVariable('HOSTNAME')" },
        { "$([System.Environment]::GetEnvironmentVariable(USER))", "GetEnvironmentVariable(USER)" },
    };

    [Theory]
    [MemberData(nameof(Clock))]
    public void Finds_the_clock(string text, string expression) => AssertSingle(text, expression, PropertyFunctionScanner.Clock);

    [Theory]
    [MemberData(nameof(Randomness))]
    public void Finds_random_values(string text, string expression) => AssertSingle(text, expression, PropertyFunctionScanner.Randomness);

    [Theory]
    [MemberData(nameof(Machine))]
    public void Finds_machine_user_and_process_names(string text, string expression) =>
        AssertSingle(text, expression, PropertyFunctionScanner.MachineState);

    private static void AssertSingle(string text, string expression, NonDeterministicSource source)
    {
        var use = Assert.Single(PropertyFunctionScanner.Scan(text));

        Assert.Equal(expression, use.Expression);
        Assert.Same(source, use.Source);
    }

    [Fact]
    public void Reports_each_use_with_its_offset()
    {
        var text = "v-$([System.DateTime]::UtcNow.Ticks)-$(USERNAME)-$([System.Guid]::NewGuid())";

        var uses = PropertyFunctionScanner.Scan(text).ToList();

        Assert.Equal(3, uses.Count);
        Assert.Equal(text.IndexOf("[System.DateTime]", StringComparison.Ordinal), uses[0].Offset);
        Assert.Same(PropertyFunctionScanner.Clock, uses[0].Source);
        Assert.Equal(text.IndexOf("$(USERNAME)", StringComparison.Ordinal), uses[1].Offset);
        Assert.Same(PropertyFunctionScanner.MachineState, uses[1].Source);
        Assert.Equal(text.IndexOf("[System.Guid]", StringComparison.Ordinal), uses[2].Offset);
        Assert.Same(PropertyFunctionScanner.Randomness, uses[2].Source);
    }

    [Theory]
    [InlineData("")]
    [InlineData("plain text")]
    [InlineData("Now UtcNow Today NewGuid USERNAME MachineName")]
    [InlineData("$([System.DateTime]::Parse('2020-01-01'))")]
    [InlineData("$([System.DateTime]::new(2020, 1, 1).Ticks)")]
    [InlineData("$([System.DateTime]::MinValue)")]
    [InlineData("$([System.DateTime]::Nowhere)")]
    [InlineData("$([System.DateTime]::NowX)")]
    [InlineData("$([System.DateTime]::Todays)")]
    [InlineData("$([System.DateTimeKind]::Utc)")]
    [InlineData("$([System.Guid]::Parse('3f2504e0-4f89-11d3-9a0c-0305e82c3301'))")]
    [InlineData("$([System.Guid]::Empty)")]
    [InlineData("$([System.Environment]::NewLine)")]
    [InlineData("$([System.Environment]::TickCounts)")]
    [InlineData("$([System.IO.Path]::GetTempPath())")]
    [InlineData("$([System.IO.Path]::Combine('a', 'b'))")]
    [InlineData("$([MSBuild]::StableStringHash('x'))")]
    [InlineData("$(USERNAMES)")]
    [InlineData("$(MY_USERNAME)")]
    [InlineData("$(USERPROFILE)")]
    [InlineData("$(HOSTNAME_SUFFIX)")]
    [InlineData("$(USER_AGENT)")]
    [InlineData("$([System.Environment]::GetEnvironmentVariable('USERPROFILE'))")]
    [InlineData("$([System.Environment]::GetEnvironmentVariable('HOME'))")]
    [InlineData("@(USERNAME)")]
    [InlineData("%(USERNAME)")]
    [InlineData("$(Version)-$(Configuration)")]
    [InlineData("[RandomAccess] [Randomizer]")]
    public void Ignores_deterministic_text(string text)
    {
        Assert.Empty(PropertyFunctionScanner.Scan(text));
    }

    /// <summary>Regression (false negative): an environment property used with a property
    /// function, <c>$(USERNAME.ToLower())</c> or <c>$(COMPUTERNAME.Length)</c>, reads the same
    /// machine state as <c>$(USERNAME)</c>, but the pattern requires ')' right after the name.</summary>
    [Theory]
    [InlineData("$(USERNAME.ToLower())")]
    [InlineData("$(COMPUTERNAME.Length)")]
    [InlineData("$(HOSTNAME.Split('.')[0])")]
    public void Finds_machine_names_used_with_a_property_function(string text)
    {
        Assert.Same(PropertyFunctionScanner.MachineState, Assert.Single(PropertyFunctionScanner.Scan(text)).Source);
    }

    [Fact]
    public void Sources_say_what_they_read_and_how_to_fix_it()
    {
        Assert.Equal("the clock", PropertyFunctionScanner.Clock.Reads);
        Assert.Contains("SOURCE_DATE_EPOCH", PropertyFunctionScanner.Clock.Fix, StringComparison.Ordinal);
        Assert.Equal("a random value", PropertyFunctionScanner.Randomness.Reads);
        Assert.Contains("machine", PropertyFunctionScanner.MachineState.Reads, StringComparison.Ordinal);
    }
}
