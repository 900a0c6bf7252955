using System.ComponentModel.DataAnnotations;
using ContainerLease.Domain.Errors;
using ContainerLease.Domain.Exec;

namespace ContainerLease.Domain.Tests;

public sealed class ExecCommandTests
{
    private static readonly string?[] EmptyProgram = [""];
    private static readonly string?[] BlankProgram = ["  ", "x"];

    public static TheoryData<string?[]?> EmptyCommands => new() { null, Array.Empty<string?>(), EmptyProgram, BlankProgram };

    [Theory]
    [MemberData(nameof(EmptyCommands))]
    public void Check_NamesTheCommandField_WhenThereIsNoProgram(string?[]? command)
    {
        var error = Assert.Throws<LeaseValidationException>(() => ExecCommand.Check(command));

        Assert.Equal("command", error.Field);
    }

    [Fact]
    public void Check_AcceptsSixtyFourElements_AndRefusesSixtyFive()
    {
        Assert.Equal(64, ExecCommand.Check([.. Enumerable.Repeat("x", 64)]).Count);

        var error = Assert.Throws<LeaseValidationException>(() => ExecCommand.Check([.. Enumerable.Repeat("x", 65)]));
        Assert.Equal("command has 65 elements; at most 64 are allowed.", error.Message);
    }

    [Fact]
    public void Check_AcceptsSixteenKilobytes_AndRefusesOneByteMore_CountedInUtf8()
    {
        Assert.Single(ExecCommand.Check([new string('x', 16 * 1024)]));

        var error = Assert.Throws<LeaseValidationException>(() => ExecCommand.Check(["echo", new string('é', 8 * 1024 - 1)]));
        Assert.Equal("command", error.Field);
        Assert.Contains("16386 bytes long", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_RefusesANullElementOrANulCharacter()
    {
        Assert.Equal("command", Assert.Throws<LeaseValidationException>(() => ExecCommand.Check(["echo", null])).Field);
        Assert.Equal("command", Assert.Throws<LeaseValidationException>(() => ExecCommand.Check(["echo", "a\0b"])).Field);
    }

    [Fact]
    public void Timeout_Is30Seconds_WhenNoneIsAsked_OrTheMaximumWhenThatIsShorter()
    {
        Assert.Equal(TimeSpan.FromSeconds(30), ExecCommand.Timeout(null, new ExecOptions()));
        Assert.Equal(TimeSpan.FromSeconds(10), ExecCommand.Timeout(null, new ExecOptions { MaxTimeout = TimeSpan.FromSeconds(10) }));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(301)]
    public void Timeout_NamesTheTimeoutField_WhenOutsideOneToTheMaximum(int seconds)
    {
        var error = Assert.Throws<LeaseValidationException>(() => ExecCommand.Timeout(seconds, new ExecOptions()));

        Assert.Equal("timeoutSeconds", error.Field);
        Assert.Equal("timeoutSeconds must be between 1 and 300.", error.Message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(300)]
    public void Timeout_IsTheSecondsAsked_WithinTheBounds(int seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), ExecCommand.Timeout(seconds, new ExecOptions()));
    }

    [Fact]
    public void Describe_QuotesWhatAShellWouldSplit_AndKeepsTheFirst80Characters()
    {
        Assert.Equal("sh -c 'echo it'\\''s; exit 3' ''", ExecCommand.Describe(["sh", "-c", "echo it's; exit 3", ""]));

        var described = ExecCommand.Describe(["echo", new string('x', 200)]);
        Assert.Equal("echo " + new string('x', 75) + "…", described);
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("00:00:01.500")]
    [InlineData("2.00:00:00")]
    public void Options_FailValidation_WhenMaxTimeoutIsNotWholeSecondsWithinADay(string maxTimeout)
    {
        var options = new ExecOptions { MaxTimeout = TimeSpan.Parse(maxTimeout, System.Globalization.CultureInfo.InvariantCulture) };
        var results = new List<ValidationResult>();

        Assert.False(Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true));
        Assert.Equal(nameof(ExecOptions.MaxTimeout), Assert.Single(Assert.Single(results).MemberNames));
    }

    [Fact]
    public void Options_PassValidation_WhenDefaults()
    {
        var options = new ExecOptions();

        Assert.True(Validator.TryValidateObject(options, new ValidationContext(options), [], validateAllProperties: true));
    }
}
