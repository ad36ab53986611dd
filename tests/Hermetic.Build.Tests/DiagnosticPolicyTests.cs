using Hermetic.Build.Core;
using Hermetic.Build.Tests.TestSupport;

namespace Hermetic.Build.Tests;

public class DiagnosticPolicyTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("Enforce")]
    [InlineData("enforce")]
    [InlineData(" ENFORCE ")]
    public void Enforce_is_the_default_and_makes_every_code_an_error(string? mode)
    {
        var policy = DiagnosticPolicy.Parse(mode, null);

        Assert.Equal(HermeticMode.Enforce, policy.Mode);
        Assert.True(policy.IsError("HB1004"));
        Assert.True(policy.IsError("HB3003"));
        Assert.True(policy.IsError("HB0001"));
    }

    [Theory]
    [InlineData("Audit")]
    [InlineData("audit")]
    [InlineData("  AUDIT\t")]
    public void Audit_makes_every_code_a_warning_but_HB0001(string mode)
    {
        var policy = DiagnosticPolicy.Parse(mode, "HB0001");

        Assert.Equal(HermeticMode.Audit, policy.Mode);
        Assert.False(policy.IsError("HB1004"));
        Assert.False(policy.IsError("HB3001"));
        Assert.True(policy.IsError("HB0001")); // a check that could not run fails closed
    }

    [Theory]
    [InlineData("Off")]
    [InlineData("off")]
    [InlineData(" OFF ")]
    public void Off_is_parsed_and_reports_no_errors(string mode)
    {
        var policy = DiagnosticPolicy.Parse(mode, "HB1004");

        Assert.Equal(HermeticMode.Off, policy.Mode);
        Assert.False(policy.IsError("HB1005"));
    }

    [Theory]
    [InlineData("HB1005;HB3001")]
    [InlineData("HB1005,HB3001")]
    [InlineData(" HB1005 ; HB3001 ")]
    [InlineData("HB1005 , HB3001,")]
    [InlineData(";;HB1005;,;HB3001;")]
    [InlineData("hb1005;Hb3001")]
    public void Warning_codes_accept_semicolons_commas_spaces_and_any_case(string warningCodes)
    {
        var policy = DiagnosticPolicy.Parse("Enforce", warningCodes);

        Assert.False(policy.IsError("HB1005"));
        Assert.False(policy.IsError("HB3001"));
        Assert.False(policy.IsError("hb3001"));
        Assert.True(policy.IsError("HB1004"));
        Assert.True(policy.IsError("HB3003"));
    }

    [Fact]
    public void Warning_codes_match_whole_codes_only()
    {
        var policy = DiagnosticPolicy.Parse(null, "HB100");

        Assert.True(policy.IsError("HB1004"));
        Assert.True(policy.IsError("HB1005"));
    }

    [Fact]
    public void Empty_warning_codes_change_nothing()
    {
        Assert.True(DiagnosticPolicy.Parse(null, "").IsError("HB1004"));
        Assert.True(DiagnosticPolicy.Parse(null, " ; , ").IsError("HB1004"));
    }

    [Fact]
    public void Default_is_enforce_without_warning_codes()
    {
        Assert.Equal(HermeticMode.Enforce, DiagnosticPolicy.Default.Mode);
        Assert.True(DiagnosticPolicy.Default.IsError("HB1004"));
    }

    [Theory]
    [InlineData("Strict")]
    [InlineData("Enforced")]
    [InlineData("true")]
    [InlineData("42")]
    [InlineData("-1")]
    public void An_unknown_mode_throws_naming_the_value(string mode)
    {
        var e = Assert.Throws<ArgumentException>(() => DiagnosticPolicy.Parse(mode, null));

        Assert.Contains(mode.Trim(), e.Message, StringComparison.Ordinal);
        Assert.Contains("Enforce, Audit or Off", e.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Regression: Parse uses Enum.TryParse, which also accepts numbers ("1" = Audit, "2" = Off)
    /// and comma-separated names (OR-ed: "Enforce,Off" = Off). The props only treat the literal
    /// 'Off' as off, so such a value runs every check target, and each task then silently does
    /// nothing: fail-open instead of the documented "must be Enforce, Audit or Off".
    /// </summary>
    [Theory]
    [InlineData("1")]
    [InlineData("2")]
    [InlineData("Enforce,Off")]
    [InlineData("Enforce, Audit")]
    public void A_numeric_or_combined_mode_is_rejected(string mode)
    {
        Assert.Throws<ArgumentException>(() => DiagnosticPolicy.Parse(mode, null));
    }
}
