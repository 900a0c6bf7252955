using System.Diagnostics;
using ContainerLease.Mvc.Live;
using ContainerLease.Mvc.Terminal;
using ContainerLease.Tests.Integration.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace ContainerLease.Tests.Integration.Faults;

/// <summary>SIGTERM, as an orchestrator stops an instance: viewers are told, jobs hand back, the process exits 0 promptly.</summary>
public sealed class GracefulShutdownTests : PrivateInstallation
{
    [Fact]
    public async Task Sigterm_EndsOpenLogStreamsAndTerminalsWithANotice_AndExitsCleanlyWithinSeconds()
    {
        await using var app = await AppProcess.StartAsync(Settings);
        var lease = await app.ProvisionAsync(120, "counter");
        await using var viewer = app.Hub(LogsHub.Path);
        await viewer.StartAsync();
        var items = new List<LogItem>();
        var reading = ReadAllAsync(viewer, lease.LeaseId, items);
        await Eventually.TrueAsync(() => Task.FromResult(Snapshot(items).Exists(i => i.Message == "line 300")), TimeSpan.FromSeconds(15), "the lines arrive");
        await using var shells = app.Hub(TerminalHub.Path);
        await shells.StartAsync();
        var terminal = await TerminalClient.OpenAsync(shells, lease.LeaseId);
        await terminal.SendAsync("sleep 304 &\r");
        await Eventually.TrueAsync(async () => (await CommandsAsync(lease.ContainerId)).Any(c => c.Contains("sleep 304", StringComparison.Ordinal)), TimeSpan.FromSeconds(10), "the terminal's command runs");

        var stopping = Stopwatch.StartNew();
        var exitCode = await app.TerminateAsync().WaitAsync(TimeSpan.FromSeconds(15));
        stopping.Stop();

        await reading.WaitAsync(TimeSpan.FromSeconds(5)); // completes; a dropped connection would throw here
        var last = Snapshot(items)[^1];
        Assert.Equal("system", last.Stream);
        Assert.Equal(LogsHub.ShutdownNotice, last.Message);
        await terminal.Ended.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(TerminalHub.ShutdownNotice, terminal.Notice);
        Assert.DoesNotContain(await CommandsAsync(lease.ContainerId), c => c.Contains("sleep 304", StringComparison.Ordinal) || c.Contains("/bin/sh", StringComparison.Ordinal));
        Assert.Equal(0, exitCode);
        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(5), $"the app took {stopping.Elapsed} to stop");
        Assert.DoesNotContain("fail:", app.Output, StringComparison.Ordinal);
    }

    private Task<List<string>> CommandsAsync(string containerId) => ContainerProcesses.CommandsAsync(Docker, containerId);

    private static async Task ReadAllAsync(HubConnection viewer, string leaseId, List<LogItem> items)
    {
        await foreach (var item in viewer.StreamAsync<LogItem>("StreamLogs", leaseId, null, 0))
        {
            lock (items)
            {
                items.Add(item);
            }
        }
    }

    private static List<LogItem> Snapshot(List<LogItem> items)
    {
        lock (items)
        {
            return [.. items];
        }
    }
}
