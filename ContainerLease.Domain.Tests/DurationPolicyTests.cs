using ContainerLease.Domain.Errors;
using ContainerLease.Domain.Policy;

namespace ContainerLease.Domain.Tests;

public sealed class DurationPolicyTests
{
    private static readonly DateTimeOffset Created = new(2025, 1, 6, 9, 0, 0, TimeSpan.Zero);

    private readonly DurationPolicy _policy = new(new LeaseOptions
    {
        MinimumDuration = TimeSpan.FromMinutes(1),
        MaximumDuration = TimeSpan.FromHours(4),
    });

    [Theory]
    [InlineData(60)]
    [InlineData(61)]
    [InlineData(3600)]
    [InlineData(4 * 3600)]
    public void EnsureAllowed_Accepts_WhenDurationIsWithinBoundsInclusive(int seconds)
    {
        var ex = Record.Exception(() => _policy.EnsureAllowed(TimeSpan.FromSeconds(seconds)));

        Assert.Null(ex);
    }

    [Theory]
    [InlineData(59, "59 seconds")]
    [InlineData(0, "0 seconds")]
    [InlineData(-5, "minus 5 seconds was asked for")]
    [InlineData(4 * 3600 + 1, "4 hours 1 second")]
    [InlineData(5 * 3600, "5 hours")]
    public void EnsureAllowed_ThrowsOnDurationNamingBothBounds_WhenDurationIsOutOfBounds(int seconds, string asked)
    {
        var ex = Assert.Throws<LeaseValidationException>(() => _policy.EnsureAllowed(TimeSpan.FromSeconds(seconds)));

        Assert.Equal("duration", ex.Field);
        Assert.Contains("1 minute", ex.Message, StringComparison.Ordinal);
        Assert.Contains("4 hours", ex.Message, StringComparison.Ordinal);
        Assert.Contains(asked, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EnsureAllowed_Throws_WhenDurationIsOneTickBelowMinimum()
    {
        var ex = Assert.Throws<LeaseValidationException>(() => _policy.EnsureAllowed(TimeSpan.FromMinutes(1) - TimeSpan.FromTicks(1)));

        Assert.Equal(LeaseValidationException.DurationField, ex.Field);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(-3600)]
    public void ExtendedExpiry_ThrowsOnDuration_WhenExtensionIsZeroOrNegative(int seconds)
    {
        var ex = Assert.Throws<LeaseValidationException>(
            () => _policy.ExtendedExpiry(Created, Created.AddHours(1), TimeSpan.FromSeconds(seconds)));

        Assert.Equal("duration", ex.Field);
        Assert.Contains("longer than zero", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExtendedExpiry_ThrowsSayingHowMuchIsLeft_WhenExtensionGoesPastMaximumFromCreation()
    {
        var ex = Assert.Throws<LeaseValidationException>(
            () => _policy.ExtendedExpiry(Created, Created.AddHours(1), TimeSpan.FromHours(3) + TimeSpan.FromSeconds(1)));

        Assert.Equal("duration", ex.Field);
        Assert.Contains("at most 4 hours from its creation", ex.Message, StringComparison.Ordinal);
        Assert.Contains("extended by 3 hours at most", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExtendedExpiry_ThrowsSayingHowMuchIsLeft_WhenSomeMinutesAreLeft()
    {
        var ex = Assert.Throws<LeaseValidationException>(
            () => _policy.ExtendedExpiry(Created, Created.AddHours(2).AddMinutes(30), TimeSpan.FromHours(2)));

        Assert.Contains("extended by 1 hour 30 minutes at most", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExtendedExpiry_ReturnsExactlyTheMaximum_WhenExtensionReachesItExactly()
    {
        var extended = _policy.ExtendedExpiry(Created, Created.AddHours(1), TimeSpan.FromHours(3));

        Assert.Equal(Created.AddHours(4), extended);
    }

    [Fact]
    public void ExtendedExpiry_AddsTheExtension_WhenWellWithinMaximum()
    {
        var extended = _policy.ExtendedExpiry(Created, Created.AddMinutes(10), TimeSpan.FromMinutes(15));

        Assert.Equal(Created.AddMinutes(25), extended);
    }

    [Fact]
    public void ExtendedExpiry_Throws_WhenLeaseIsAlreadyAtMaximum()
    {
        var ex = Assert.Throws<LeaseValidationException>(
            () => _policy.ExtendedExpiry(Created, Created.AddHours(4), TimeSpan.FromSeconds(1)));

        Assert.Contains("extended by 0 seconds at most", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(5400, "1 hour 30 minutes")]
    [InlineData(3600, "1 hour")]
    [InlineData(7200, "2 hours")]
    [InlineData(90, "1 minute 30 seconds")]
    [InlineData(1, "1 second")]
    [InlineData(0, "0 seconds")]
    [InlineData(86400 + 7200 + 60 + 3, "1 day 2 hours 1 minute 3 seconds")]
    [InlineData(3 * 86400, "3 days")]
    [InlineData(3600 + 5, "1 hour 5 seconds")]
    [InlineData(-1, "minus 1 second")]
    [InlineData(-90, "minus 1 minute 30 seconds")]
    public void Describe_SpellsOutUnits_ForSpan(int seconds, string expected)
    {
        Assert.Equal(expected, DurationPolicy.Describe(TimeSpan.FromSeconds(seconds)));
    }

    [Fact]
    public void Bounds_ComeFromOptions_WhenRead()
    {
        Assert.Equal(TimeSpan.FromMinutes(1), _policy.Minimum);
        Assert.Equal(TimeSpan.FromHours(4), _policy.Maximum);
    }
}
