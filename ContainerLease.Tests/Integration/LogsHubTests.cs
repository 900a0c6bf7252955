using System.Globalization;
using System.Net.Http.Json;
using ContainerLease.Mvc.Live;
using ContainerLease.Tests.Integration.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace ContainerLease.Tests.Integration;

/// <summary>The log hub, through a real SignalR client, on containers of the real engine.</summary>
[Collection(SharedApp.Name)]
public sealed class LogsHubTests(AppFixture app) : IAsyncLifetime
{
    private HubConnection _hub = null!;

    public async Task InitializeAsync()
    {
        _hub = app.Hub(LogsHub.Path);
        await _hub.StartAsync();
    }

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public async Task StreamLogs_DeliversEveryLineInOrder_WithStderrSetApart()
    {
        var lease = await app.ProvisionAsync("counter", 120);

        // stdout and stderr are separate pipes: the last of each may arrive in either order.
        var items = await ReadUntilAsync(lease.LeaseId, Since(lease), 0, "line 300", "warn 300");

        Assert.Equal(Enumerable.Range(1, 300).Select(i => $"line {i}"), items.Where(i => i.Stream == "stdout").Select(i => i.Message));
        var stderr = items.Where(i => i.Stream == "stderr").ToList();
        Assert.Equal(Enumerable.Range(1, 6).Select(i => $"warn {i * 50}"), stderr.Select(i => i.Message));
        Assert.All(stderr, i => Assert.Equal("error", i.Level));
        Assert.All(items.Where(i => i.Stream == "stdout"), i => Assert.Equal("info", i.Level));
        await app.Client.DeleteAsync($"/api/leases/{lease.LeaseId}");
    }

    [Fact]
    public async Task ReadLogs_GivesTheLastLinesUpToNow_AndCompletes_WhileTheContainerRuns()
    {
        var lease = await app.ProvisionAsync("counter", 120);
        await ReadUntilAsync(lease.LeaseId, Since(lease), 0, "line 300", "warn 300");

        var items = new List<LogItem>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30)); // a follow would run into it
        await foreach (var item in _hub.StreamAsync<LogItem>("ReadLogs", lease.LeaseId, null, 0, timeout.Token))
        {
            items.Add(item);
        }

        Assert.Equal(Domain.Logs.LeaseLogs.RecentTail, items.Count);
        var stdout = items.Where(i => i.Stream == "stdout").Select(i => int.Parse(i.Message[5..], CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(Enumerable.Range(301 - stdout.Count, stdout.Count), stdout);
        // stderr is its own pipe, stamped apart: where the tail cuts it may move by a line.
        var stderr = items.Where(i => i.Stream == "stderr").Select(i => i.Message).ToList();
        Assert.Equal(Enumerable.Range(7 - stderr.Count, stderr.Count).Select(i => $"warn {i * 50}"), stderr);
        await app.Client.DeleteAsync($"/api/leases/{lease.LeaseId}");
    }

    [Fact]
    public async Task StreamLogs_ResumedFromLastTimestamp_HasEveryLineExactlyOnce()
    {
        var lease = await app.ProvisionAsync("counter", 120);
        var received = await ReadUntilAsync(lease.LeaseId, Since(lease), 0, "line 100");

        // Lines already in flight when the viewer left may still arrive; a viewer that drops
        // (a closed tab, a lost connection) has seen only what it showed, so keep up to line 100.
        var first = received[..(received.FindIndex(i => i.Message == "line 100") + 1)];
        var last = first.Last(i => i.Stream != "system");
        var seenAtLast = first.Count(i => i.Timestamp == last.Timestamp);

        var rest = await ReadUntilAsync(lease.LeaseId, last.Timestamp, seenAtLast, "line 300");

        var union = first.Concat(rest).Where(i => i.Stream == "stdout").Select(i => i.Message).ToList();
        Assert.Equal(Enumerable.Range(1, 300).Select(i => $"line {i}"), union);
        await app.Client.DeleteAsync($"/api/leases/{lease.LeaseId}");
    }

    [Fact]
    public async Task ALineOf1MB_ArrivesCutTo64KB_WithItsMarker_ThenTheNextLine_AndResumingFromItWorks()
    {
        var lease = await app.ProvisionAsync("longline", 120);

        var items = (await ReadUntilAsync(lease.LeaseId, Since(lease), 0, "after-the-long-line")).Where(i => i.Stream == "stdout").ToList();

        Assert.Equal(2, items.Count);
        var cutMarker = ContainerLease.Mvc.Docker.DockerLogLines.CutMarker(64 * 1024);
        Assert.Equal(new string('a', 64 * 1024) + cutMarker, items[0].Message);
        Assert.Equal("after-the-long-line", items[1].Message);
        Assert.True(string.CompareOrdinal(items[0].Timestamp, items[1].Timestamp) < 0, "the long line is stamped with the time of its first piece");

        var resumed = (await ReadUntilAsync(lease.LeaseId, items[0].Timestamp, 1, "after-the-long-line")).Where(i => i.Stream == "stdout");
        Assert.Equal(["after-the-long-line"], resumed.Select(i => i.Message));
        await app.Client.DeleteAsync($"/api/leases/{lease.LeaseId}");
    }

    [Theory]
    [InlineData("0123456789abcdef0123456789abcdef")]
    [InlineData("not-a-lease")]
    public async Task StreamLogs_RefusesAnUnknownLease(string leaseId)
    {
        var error = await Assert.ThrowsAsync<HubException>(() => ReadUntilAsync(leaseId, null, 0, "never"));
        Assert.Contains("no lease", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task StreamLogs_RefusesARawContainerId_AndAnEndedLease()
    {
        var lease = await app.ProvisionAsync("sleeper", 60);
        await Assert.ThrowsAsync<HubException>(() => ReadUntilAsync(lease.ContainerId, null, 0, "never"));

        await app.Client.DeleteAsync($"/api/leases/{lease.LeaseId}");

        var error = await Assert.ThrowsAsync<HubException>(() => ReadUntilAsync(lease.LeaseId, null, 0, "never"));
        Assert.Contains("ended", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StreamLogs_CompletesWithANotice_WhenTheLeaseIsTerminated_AndLeavesNoStreamOpen()
    {
        var lease = await app.ProvisionAsync("counter", 120);
        var open = app.App.Services.GetRequiredService<OpenLogStreams>();
        var items = new List<LogItem>();
        var reading = Task.Run(async () =>
        {
            await foreach (var item in _hub.StreamAsync<LogItem>("StreamLogs", lease.LeaseId, Since(lease), 0))
            {
                lock (items)
                {
                    items.Add(item);
                }
            }
        });
        await Eventually.TrueAsync(() => Task.FromResult(Count(items) >= 300), TimeSpan.FromSeconds(15), "the lines arrive");
        Assert.True(open.Count >= 1);

        await app.Client.DeleteAsync($"/api/leases/{lease.LeaseId}");

        await reading.WaitAsync(TimeSpan.FromSeconds(15)); // completes, rather than hanging on a removed container
        Assert.Equal("system", items[^1].Stream);
        Assert.Contains("stopped", items[^1].Message, StringComparison.Ordinal);
        await Eventually.TrueAsync(() => Task.FromResult(open.Count == 0), TimeSpan.FromSeconds(5), "no log stream stays open");
    }

    [Fact]
    public async Task StreamLogs_ClosesItsEngineStream_WhenTheViewerLeaves()
    {
        var lease = await app.ProvisionAsync("counter", 120);
        var open = app.App.Services.GetRequiredService<OpenLogStreams>();

        await ReadUntilAsync(lease.LeaseId, Since(lease), 0, "line 10");

        await Eventually.TrueAsync(() => Task.FromResult(open.Count == 0), TimeSpan.FromSeconds(5), "the cancelled stream is closed on the server");
        await app.Client.DeleteAsync($"/api/leases/{lease.LeaseId}");
    }

    private static int Count(List<LogItem> items)
    {
        lock (items)
        {
            return items.Count;
        }
    }

    /// <summary>Reads until lines with all of <paramref name="messages"/> arrived, then leaves, as a browser tab would.</summary>
    private async Task<List<LogItem>> ReadUntilAsync(string leaseId, string? since, int seenAtSince, params string[] messages)
    {
        using var leave = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var items = new List<LogItem>();
        try
        {
            await foreach (var item in _hub.StreamAsync<LogItem>("StreamLogs", leaseId, since, seenAtSince, leave.Token))
            {
                items.Add(item);
                if (messages.All(m => items.Exists(i => i.Message == m)))
                {
                    await leave.CancelAsync();
                }
            }
        }
        catch (OperationCanceledException) when (messages.All(m => items.Exists(i => i.Message == m)))
        {
            // We left on purpose.
        }


        return items;
    }

    /// <summary>From the lease's creation: every line the container printed.</summary>
    private static string Since(LeaseResponse lease) =>
        lease.CreatedAt.AddSeconds(-1).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffff00Z", CultureInfo.InvariantCulture);
}
