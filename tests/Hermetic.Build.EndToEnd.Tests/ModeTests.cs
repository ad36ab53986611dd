using Hermetic.Build.EndToEnd.Tests.Infrastructure;

namespace Hermetic.Build.EndToEnd.Tests;

/// <summary>
/// README "Settings" and "Diagnostics" for every code of the foundation: Enforce fails the build, Audit reports the
/// same code as a warning, HermeticWarningCodes plus NoWarn silences it, Off does nothing.
/// </summary>
public sealed class ModeTests
{
    [Theory]
    [MemberData(nameof(CheckScenarios.Codes), MemberType = typeof(CheckScenarios))]
    public void Enforce_fails_the_build(string code)
    {
        var result = CheckScenarios.Violating(code).Build();

        AssertBuild.FailsWith(result, code);
        Assert.DoesNotContain("   at ", result.Output, StringComparison.Ordinal); // never a stack trace
    }

    [Theory]
    [MemberData(nameof(CheckScenarios.Codes), MemberType = typeof(CheckScenarios))]
    public void Audit_reports_the_same_code_as_a_warning(string code)
    {
        var result = CheckScenarios.Violating(code, "<HermeticMode>Audit</HermeticMode>").Build();

        AssertBuild.WarnsWith(result, code);
    }

    [Theory]
    [MemberData(nameof(CheckScenarios.Codes), MemberType = typeof(CheckScenarios))]
    public void HermeticWarningCodes_then_NoWarn_silences_the_code(string code)
    {
        var warning = CheckScenarios.Violating(code, $"<HermeticWarningCodes>{code}</HermeticWarningCodes>").Build();
        AssertBuild.WarnsWith(warning, code);

        var silenced = CheckScenarios.Violating(code, $"<HermeticWarningCodes>{code}</HermeticWarningCodes><NoWarn>$(NoWarn);{code}</NoWarn>").Build();
        AssertBuild.SucceedsSilently(silenced, code);
    }

    [Theory]
    [MemberData(nameof(CheckScenarios.Codes), MemberType = typeof(CheckScenarios))]
    public void NoWarn_alone_does_not_silence_an_error(string code)
    {
        var result = CheckScenarios.Violating(code, $"<NoWarn>$(NoWarn);{code}</NoWarn>").Build();

        AssertBuild.FailsWith(result, code);
    }

    [Theory]
    [MemberData(nameof(CheckScenarios.Codes), MemberType = typeof(CheckScenarios))]
    public void Off_does_nothing(string code)
    {
        var result = CheckScenarios.Violating(code, "<HermeticMode>Off</HermeticMode>").Build();

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Empty(result.Hermetic);
    }

    [Fact]
    public void An_unknown_mode_fails_closed_with_HB0001()
    {
        var result = TestRepository.Create("mode-unknown", projectProperties: "<HermeticMode>Strict</HermeticMode>").Build();

        var error = AssertBuild.FailsWith(result, "HB0001");
        Assert.Contains("Strict", error.Message, StringComparison.Ordinal);
    }
}
