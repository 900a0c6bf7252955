using System.Net;
using System.Net.Http.Json;
using ContainerLease.Domain.Ports;
using ContainerLease.Mvc.Live;
using ContainerLease.Tests.Integration.Infrastructure;
using Docker.DotNet.Models;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace ContainerLease.Tests.Integration;

/// <summary>A lease's usage from the engine's stats: one reading through the API, a shared live feed through the hub.</summary>
[Collection(SharedApp.Name)]
public sealed class UsageTests(AppFixture app)
{
    [Fact]
    public async Task Stats_GiveTheEntrysLimits_AndCpuRisesUnderABusyLoop()
    {
        var lease = await app.ProvisionAsync("sleeper", 120);

        var idle = await app.Client.GetFromJsonAsync<ContainerUsage>($"/api/leases/{lease.LeaseId}/stats");

        Assert.Equal(48L * 1024 * 1024, idle!.MemoryLimitBytes);
        Assert.Equal(16, idle.PidsLimit);
        Assert.InRange(idle.Pids, 1, 16);
        Assert.InRange(idle.MemoryBytes, 1, idle.MemoryLimitBytes);
        Assert.InRange(idle.CpuPercent, 0, 5);

        var busy = await app.Docker.Exec.ExecCreateContainerAsync(lease.ContainerId, new ContainerExecCreateParameters { Cmd = ["sh", "-c", "while :; do :; done"] });
        await app.Docker.Exec.StartContainerExecAsync(busy.ID);
        await Eventually.TrueAsync(
            async () => (await app.Client.GetFromJsonAsync<ContainerUsage>($"/api/leases/{lease.LeaseId}/stats"))!.CpuPercent > 10,
            TimeSpan.FromSeconds(20),
            "the busy loop shows as CPU (the entry allows a quarter of a core)");
        await app.Client.DeleteAsync($"/api/leases/{lease.LeaseId}");
    }

    [Fact]
    public async Task Stats_OfAnotherUsersLease_AreAsMissingAsAMissingLease_AndOfAnEndedOne_Conflict()
    {
        var lease = await app.ProvisionAsync("sleeper", 120);
        using var bob = app.App.CreateClient().As(TestUsers.Bob);

        using var refused = await bob.GetAsync($"/api/leases/{lease.LeaseId}/stats");
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);

        await app.Client.DeleteAsync($"/api/leases/{lease.LeaseId}");
        using var ended = await app.Client.GetAsync($"/api/leases/{lease.LeaseId}/stats");
        Assert.Equal(HttpStatusCode.Conflict, ended.StatusCode);
    }

    [Fact]
    public async Task TwoViewers_ShareOneEngineStream_WhichClosesWhenTheLastLeaves_OrTheContainerGoes()
    {
        var lease = await app.ProvisionAsync("sleeper", 120);
        var feeds = app.App.Services.GetRequiredService<UsageFeeds>();
        var before = feeds.Count;
        await using var first = app.Hub(LeaseEventsHub.Path);
        await using var second = app.Hub(LeaseEventsHub.Path);
        await Task.WhenAll(first.StartAsync(), second.StartAsync());

        var a = ReadAsync(first, lease.LeaseId, 4, CancellationToken.None);
        var b = ReadAsync(second, lease.LeaseId, 4, CancellationToken.None);
        var most = 0;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!(a.IsCompleted && b.IsCompleted) && DateTime.UtcNow < deadline)
        {
            most = Math.Max(most, feeds.Count);
            await Task.Delay(50);
        }

        var readings = await Task.WhenAll(a, b).WaitAsync(TimeSpan.FromSeconds(20));
        Assert.All(readings, r => Assert.Equal(4, r.Count));
        Assert.All(readings.SelectMany(r => r), r => Assert.Equal(48L * 1024 * 1024, r.MemoryLimitBytes));
        Assert.Equal(before + 1, most);

        await Eventually.TrueAsync(() => Task.FromResult(feeds.Count == before), TimeSpan.FromSeconds(10), "the feed closes when its last viewer leaves");

        var following = Task.Run(async () =>
        {
            await foreach (var _ in first.StreamAsync<ContainerUsage>(nameof(LeaseEventsHub.StreamUsage), lease.LeaseId))
            {
            }
        });
        await Eventually.TrueAsync(() => Task.FromResult(feeds.Count == before + 1), TimeSpan.FromSeconds(10), "a new viewer opens the feed again");
        await app.Client.DeleteAsync($"/api/leases/{lease.LeaseId}");
        await following.WaitAsync(TimeSpan.FromSeconds(20)); // the stream completes once the container is gone
        await Eventually.TrueAsync(() => Task.FromResult(feeds.Count == before), TimeSpan.FromSeconds(10), "no feed stays open");
    }

    [Fact]
    public async Task TheHub_RefusesAnotherUsersLease()
    {
        var lease = await app.ProvisionAsync("sleeper", 120);
        await using var bob = app.App.Hub(LeaseEventsHub.Path, TestUsers.Bob);
        await bob.StartAsync();

        var error = await Assert.ThrowsAsync<HubException>(() => ReadAsync(bob, lease.LeaseId, 1, CancellationToken.None));

        Assert.Contains("no lease", error.Message, StringComparison.OrdinalIgnoreCase);
        await app.Client.DeleteAsync($"/api/leases/{lease.LeaseId}");
    }

    private static async Task<List<ContainerUsage>> ReadAsync(HubConnection hub, string leaseId, int count, CancellationToken ct)
    {
        var readings = new List<ContainerUsage>();
        using var enough = CancellationTokenSource.CreateLinkedTokenSource(ct);
        try
        {
            await foreach (var reading in hub.StreamAsync<ContainerUsage>(nameof(LeaseEventsHub.StreamUsage), leaseId, enough.Token))
            {
                readings.Add(reading);
                if (readings.Count == count)
                {
                    await enough.CancelAsync();
                }
            }
        }
        catch (OperationCanceledException) when (enough.IsCancellationRequested)
        {
        }

        return readings;
    }
}
