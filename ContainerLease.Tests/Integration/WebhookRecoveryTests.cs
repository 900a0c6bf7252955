using ContainerLease.Domain.Leases;
using ContainerLease.Domain.Ports;
using ContainerLease.Tests.Integration.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ContainerLease.Tests.Integration;

/// <summary>
/// A lease change stored by an instance that stopped before it queued the change's webhooks (made
/// here by writing the change through the app's own store, telling no one, as such a crash leaves
/// it) still reaches the receiver: once, with its stable webhook-id, in order with the lease's other events.
/// </summary>
public sealed class WebhookRecoveryTests : WebhookApp
{
    protected override void Configure(Dictionary<string, string?> settings)
    {
        base.Configure(settings);
        settings["Leases:WarnBefore:0"] = "00:00:00";
        // The relay job runs at an instance's start and then hourly: within a test, only a start
        // or the lease's next change relays what was left behind.
        settings["Leases:SweepInterval"] = "01:00:00";
    }

    [Fact]
    public async Task AnEventStoredButNeverQueued_IsSentByTheNextInstanceToStart_OnceWithItsStableId()
    {
        using var client = App.CreateClient();
        var lease = (await client.ProvisionAsync(seconds: 60)).LeaseId;
        await ArrivedAsync(lease, 1);
        var version = await ExtendWithoutTellingAsync(lease);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Single(Receiver.Of(lease)); // stored, and no job queued for it

        var settings = Settings;
        Configure(settings);
        await using var next = new LeaseApp(settings, logKind: "next");
        using var _ = next.CreateClient();

        await ArrivedAsync(lease, 2);
        await Task.Delay(TimeSpan.FromSeconds(1)); // nothing more, nothing twice
        var received = Receiver.Of(lease);
        Assert.Equal(["lease.provisioned", "lease.extended"], received.Select(w => w.Type));
        Assert.Equal($"msg_{lease}_{version}", received[1].Id);
        Assert.Equal("alice", received[1].Actor);
        Assert.Empty(Receiver.Refused);
    }

    [Fact]
    public async Task AnEventLeftBehind_GoesOutBeforeTheLeasesNextEvent_AndAWriteWithoutAnEventSendsNothing()
    {
        using var client = App.CreateClient();
        var lease = (await client.ProvisionAsync(seconds: 60)).LeaseId;
        using (var touched = await client.PostAsync($"/api/leases/{lease}/touch", null))
        {
            touched.EnsureSuccessStatusCode(); // a write that records no event: nothing to send
        }

        var version = await ExtendWithoutTellingAsync(lease);
        using (var response = await client.DeleteAsync($"/api/leases/{lease}"))
        {
            response.EnsureSuccessStatusCode();
        }

        await ArrivedAsync(lease, 3);
        await Task.Delay(TimeSpan.FromSeconds(1)); // nothing more, nothing twice
        var received = Receiver.Of(lease);
        Assert.Equal(["lease.provisioned", "lease.extended", "lease.terminated"], received.Select(w => w.Type));
        Assert.Equal($"msg_{lease}_{version}", received[1].Id);
        Assert.Equal(3, received.Select(w => w.Id).Distinct().Count());
    }

    /// <summary>Stores an extension by alice as the app does, and stops there, as an instance that died; returns the version written.</summary>
    private async Task<long> ExtendWithoutTellingAsync(string leaseId)
    {
        var store = App.Services.GetRequiredService<ILeaseStore>();
        var lease = (await store.GetAsync(LeaseId.Parse(leaseId)))!;
        var extended = lease.Record(new LeaseEvent(DateTimeOffset.UtcNow, LeaseEvent.Extended, "by 30 s", "alice")) with { ExpiresAt = lease.ExpiresAt.AddSeconds(30) };
        Assert.True(await store.TryUpdateAsync(extended));
        return lease.Version + 1;
    }

    private Task ArrivedAsync(string leaseId, int count) =>
        Eventually.TrueAsync(() => Task.FromResult(Receiver.Of(leaseId).Count >= count), TimeSpan.FromSeconds(20), $"{count} events of the lease arrive");
}
