using ContainerLease.Domain.Logs;

namespace ContainerLease.Domain.Tests;

public sealed class LogPositionTests
{
    [Theory]
    [InlineData("2026-01-01T00:00:01Z")]
    [InlineData("2026-01-01T00:00:01.1Z")]
    [InlineData("2026-01-01T00:00:01.123456789Z")]
    [InlineData("0001-01-01T00:00:00Z")]
    public void IsTimestamp_AcceptsWhatTheEngineWrites(string text) => Assert.True(LogPosition.IsTimestamp(text));

    [Theory]
    [InlineData("")]
    [InlineData("yesterday")]
    [InlineData("2026-01-01")]
    [InlineData("2026-01-01T00:00:01")]
    [InlineData("2026-01-01T00:00:01+02:00")]
    [InlineData("2026-01-01T00:00:01.Z")]
    [InlineData("2026-01-01T00:00:01.1234567890Z")]
    [InlineData("2026-02-31T00:00:01Z")]
    [InlineData("2026-01-01T24:00:00Z")]
    [InlineData("٢٠٢٦-01-01T00:00:01Z")]
    [InlineData("2026-01-01T00:00:01Z\n")]
    public void IsTimestamp_RefusesAnythingElse(string text) => Assert.False(LogPosition.IsTimestamp(text));
}
