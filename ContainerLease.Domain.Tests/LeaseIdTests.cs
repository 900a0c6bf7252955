using ContainerLease.Domain.Leases;

namespace ContainerLease.Domain.Tests;

public sealed class LeaseIdTests
{
    [Fact]
    public void New_ParsesBack_WhenItsValueIsParsed()
    {
        var id = LeaseId.New();

        Assert.True(LeaseId.TryParse(id.Value, out var parsed));
        Assert.Equal(id, parsed);
        Assert.Equal(id, LeaseId.Parse(id.ToString()));
    }

    [Fact]
    public void New_Is32LowercaseHexCharacters_Always()
    {
        var value = LeaseId.New().Value;

        Assert.Equal(32, value.Length);
        Assert.All(value, c => Assert.True(c is (>= '0' and <= '9') or (>= 'a' and <= 'f'), $"'{c}' is not lowercase hex."));
    }

    [Fact]
    public void New_GivesDifferentIds_WhenCalledTwice()
    {
        Assert.NotEqual(LeaseId.New(), LeaseId.New());
    }

    [Theory]
    [InlineData("0123456789abcdef0123456789abcdef")]
    [InlineData("00000000000000000000000000000000")]
    [InlineData("ffffffffffffffffffffffffffffffff")]
    public void TryParse_Accepts_WhenTextIs32LowercaseHexCharacters(string text)
    {
        Assert.True(LeaseId.TryParse(text, out var id));
        Assert.Equal(text, id.Value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("0123456789abcdef0123456789abcde")]
    [InlineData("0123456789abcdef0123456789abcdef0")]
    [InlineData("0123456789ABCDEF0123456789ABCDEF")]
    [InlineData("0123456789abcdef0123456789abcdeF")]
    [InlineData("0123456789abcdef0123456789abcdeg")]
    [InlineData("0123456789abcdef 123456789abcdef")]
    [InlineData("01234567-89ab-cdef-0123-456789abcdef")]
    public void TryParse_Rejects_WhenTextIsNotALeaseId(string text)
    {
        Assert.False(LeaseId.TryParse(text, out var id));
        Assert.Equal(default, id);
        Assert.Equal(string.Empty, id.Value);
    }

    [Fact]
    public void TryParse_Rejects_WhenTextIsNull()
    {
        Assert.False(LeaseId.TryParse(null, out var id));
        Assert.Equal(string.Empty, id.Value);
    }

    [Fact]
    public void Parse_ThrowsFormatException_WhenTextIsNotALeaseId()
    {
        var ex = Assert.Throws<FormatException>(() => LeaseId.Parse("not-a-lease"));

        Assert.Contains("not-a-lease", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Default_HasEmptyValue_WhenNeverAssigned()
    {
        LeaseId id = default;

        Assert.Equal(string.Empty, id.Value);
        Assert.Equal(string.Empty, id.ToString());
    }
}
