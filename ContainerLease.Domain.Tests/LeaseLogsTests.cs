using ContainerLease.Domain.Errors;
using ContainerLease.Domain.Leases;
using ContainerLease.Domain.Logs;
using ContainerLease.Domain.Tests.Fakes;

namespace ContainerLease.Domain.Tests;

public sealed class LeaseLogsTests
{
    private readonly LeaseServiceHarness _h = new();

    private LeaseLogs Logs => new(_h.Runtime, new LogOptions(), _h.Time, Microsoft.Extensions.Logging.Abstractions.NullLogger<LeaseLogs>.Instance);

    [Fact]
    public async Task ReadAsync_OpensAStalledFollowAgainFromTheLastLineGiven_AndRepeatsNothing()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromHours(1));
        var printed = new List<LogLine>
        {
            new("2026-01-01T00:00:01Z", LogLine.StdOut, "a"),
            new("2026-01-01T00:00:02Z", LogLine.StdOut, "b"),
        };
        _h.Runtime.Logs[lease.ContainerId] = printed;
        _h.Runtime.StalledFollows = 1;
        var given = new List<string>();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var reading = Task.Run(async () =>
        {
            await foreach (var line in Logs.ReadAsync(lease, null, cancel.Token))
            {
                lock (given)
                {
                    given.Add(line.Message);
                }
            }
        });
        await WaitUntilAsync(() => given.Count == 2);

        // Printed after the follow stalled: only a follow opened again can see it.
        printed.Add(new("2026-01-01T00:00:03Z", LogLine.StdOut, "c"));
        while (!reading.IsCompleted)
        {
            _h.Time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(10, cancel.Token);
        }

        await reading;
        Assert.Equal(["a", "b", "c"], given);
        Assert.Equal([null, "2026-01-01T00:00:02Z"], _h.Runtime.LogReadsSince);
    }

    [Fact]
    public async Task ReadAsync_SkipsOnlyTheLinesAlreadySeenAtTheSeam_WhenTimestampsAreEqual()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromHours(1));
        _h.Runtime.Logs[lease.ContainerId] =
        [
            new("2026-01-01T00:00:01.000000001Z", LogLine.StdOut, "a"),
            new("2026-01-01T00:00:02.000000000Z", LogLine.StdOut, "b"),
            new("2026-01-01T00:00:02.000000000Z", LogLine.StdErr, "c"),
            new("2026-01-01T00:00:02.000000000Z", LogLine.StdOut, "d"),
            new("2026-01-01T00:00:03.000000000Z", LogLine.StdOut, "e"),
        ];

        var rest = await ToListAsync(Logs.ReadAsync(lease, new LogPosition("2026-01-01T00:00:02.000000000Z", 2)));

        Assert.Equal(["d", "e"], rest.Select(l => l.Message));
        Assert.Equal(["2026-01-01T00:00:02.000000000Z"], _h.Runtime.LogReadsSince);
    }

    [Fact]
    public async Task ReadAsync_DropsLinesTheEngineRepeatsAfterARotation_ButKeepsEachStreamsOwnOrderAndOtherLinesOfTheSameInstant()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromHours(1));
        _h.Runtime.Logs[lease.ContainerId] =
        [
            new("2026-01-01T00:00:01.5Z", LogLine.StdOut, "a"),
            new("2026-01-01T00:00:01.2Z", LogLine.StdErr, "stderr stamped earlier than stdout's last: its own stream, kept"),
            new("2026-01-01T00:00:02Z", LogLine.StdOut, "b"),
            new("2026-01-01T00:00:02.000000000Z", LogLine.StdOut, "same instant as b, kept"),
            new("2026-01-01T00:00:01.5Z", LogLine.StdOut, "a"), // the rotated file read again
            new("2026-01-01T00:00:01.9Z", LogLine.StdOut, "older than b"),
            new("2026-01-01T00:00:02Z", LogLine.StdOut, "b"), // the re-read reaches the newest line
            new("2026-01-01T00:00:02.25Z", LogLine.StdOut, "c"),
        ];

        var lines = await ToListAsync(Logs.ReadAsync(lease, null));

        Assert.Equal(["a", "stderr stamped earlier than stdout's last: its own stream, kept", "b", "same instant as b, kept", "c"], lines.Select(l => l.Message));
    }

    [Theory]
    [InlineData("2026-01-01T00:00:02Z", "2026-01-01T00:00:02.000000000Z")]
    [InlineData("2026-01-01T00:00:02.1Z", "2026-01-01T00:00:02.100000000Z")]
    [InlineData("2026-01-01T00:00:02.123456789Z", "2026-01-01T00:00:02.123456789Z")]
    public void Sortable_PadsTheFractionToNineDigits(string timestamp, string expected)
    {
        Assert.Equal(expected, LogPosition.Sortable(timestamp));
    }

    [Fact]
    public async Task ReadAsync_GivesTheRecentTail_WithoutAPosition()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromHours(1));
        _h.Runtime.Logs[lease.ContainerId] = [.. Enumerable.Range(0, 250).Select(i => new LogLine($"2026-01-01T00:00:00.{i:D9}Z", LogLine.StdOut, $"{i}"))];

        var lines = await ToListAsync(Logs.ReadAsync(lease, null));

        Assert.Equal(LeaseLogs.RecentTail, lines.Count);
        Assert.Equal("249", lines[^1].Message);
    }

    [Fact]
    public async Task ReadToNowAsync_EndsWithWhatTheEngineHolds_AndSkipsTheLinesSeenAtThePosition()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromHours(1));
        _h.Runtime.Logs[lease.ContainerId] =
        [
            new("2026-01-01T00:00:01Z", LogLine.StdOut, "a"),
            new("2026-01-01T00:00:02Z", LogLine.StdOut, "b"),
            new("2026-01-01T00:00:02Z", LogLine.StdErr, "c"),
        ];
        _h.Runtime.StalledFollows = 1; // a follow would never end
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        var lines = await ToListAsync(Logs.ReadToNowAsync(lease, new LogPosition("2026-01-01T00:00:02Z", 1), cancel.Token));

        Assert.Equal(["c"], lines.Select(l => l.Message));
        Assert.Equal(["2026-01-01T00:00:02Z"], _h.Runtime.LogReadsSince);
    }

    [Fact]
    public void LogLine_LevelIsErrorForStderrOnly()
    {
        Assert.Equal("error", new LogLine("t", LogLine.StdErr, "x").Level);
        Assert.Equal("info", new LogLine("t", LogLine.StdOut, "x").Level);
        Assert.Equal("info", new LogLine("t", LogLine.System, "x").Level);
    }

    private static async Task<List<LogLine>> ToListAsync(IAsyncEnumerable<LogLine> lines)
    {
        var list = new List<LogLine>();
        await foreach (var line in lines)
        {
            list.Add(line);
        }

        return list;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 3000 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }
}
