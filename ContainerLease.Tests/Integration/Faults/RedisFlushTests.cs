using System.Net;
using System.Net.Http.Json;
using ContainerLease.Mvc.Jobs;
using ContainerLease.Tests.Integration.Infrastructure;
using Hangfire;
using Microsoft.AspNetCore.DataProtection;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace ContainerLease.Tests.Integration.Faults;

/// <summary>Fault 2: Redis loses all its data (leases, jobs, Hangfire's records) while the app runs.</summary>
public sealed class RedisFlushTests : PrivateApp
{
    [Fact]
    public async Task Flush_SweepComesBack_ReapsAtLabelledExpiry_AndAdoptsTheRest_AnExtendedOneAtItsNewExpiry()
    {
        using var client = App.CreateClient();
        await using var events = new ContainerEvents(Docker, Installation);
        var due = await client.ProvisionAsync(seconds: 14);
        var notDue = await client.ProvisionAsync(seconds: 120);
        // Labelled to expire in 6 s, extended to 96 s: the container's name carries the extension.
        var extendedOnce = await client.ProvisionAsync(seconds: 6);
        using var extending = await client.PostAsJsonAsync($"/api/leases/{extendedOnce.LeaseId}/extend", new { durationSeconds = 90 });
        var extended = (await extending.Content.ReadFromJsonAsync<LeaseResponse>())!;
        Assert.Equal(extendedOnce.ExpiresAt.AddSeconds(90), extended.ExpiresAt);
        Assert.Equal($"/containerlease-{extended.LeaseId}-{extended.ExpiresAt.ToUnixTimeMilliseconds()}-alice", (await Docker.Containers.InspectContainerAsync(extended.ContainerId)).Name);

        await using (var admin = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{Redis.Port},allowAdmin=true"))
        {
            await admin.GetServers()[0].FlushAllDatabasesAsync();
        }

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/leases/{due.LeaseId}")).StatusCode);

        // Without a restart, the watchdog registers the sweep again and the sweep rebuilds both leases from their labels.
        await Eventually.TrueAsync(
            () => Task.FromResult(SweepIsRegistered()),
            TimeSpan.FromSeconds(10),
            "the recurring sweep is registered again");
        await Eventually.TrueAsync(
            () => Task.FromResult(App.Services.GetRequiredService<JobStorage>().GetMonitoringApi().Servers().Count > 0),
            TimeSpan.FromSeconds(20),
            "the job server is announced again");
        await Eventually.TrueAsync(
            async () => (await client.GetAsync($"/api/leases/{notDue.LeaseId}")).StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(20),
            "the lease that was not due is adopted");
        await Eventually.TrueAsync(
            () => Task.FromResult(events.Destroyed.ContainsKey(due.ContainerId)),
            TimeSpan.FromSeconds(25),
            "the due container is reaped");

        Assert.True(events.Destroyed[due.ContainerId] >= due.ExpiresAt, "the container was reaped before its labelled expiry");
        var adopted = (await client.GetFromJsonAsync<LeaseResponse>($"/api/leases/{notDue.LeaseId}"))!;
        Assert.Equal("active", adopted.Status);
        Assert.Equal(notDue.ExpiresAt, adopted.ExpiresAt);
        Assert.Contains(adopted.History!, e => e.Kind == "adopted");
        Assert.False(events.Destroyed.ContainsKey(notDue.ContainerId));

        // Past its labelled expiry (6 s) by now, but adopted at the one its name carries.
        var adoptedExtended = (await client.GetFromJsonAsync<LeaseResponse>($"/api/leases/{extended.LeaseId}"))!;
        Assert.Equal(("active", extended.ExpiresAt), (adoptedExtended.Status, adoptedExtended.ExpiresAt));
        Assert.False(events.Destroyed.ContainsKey(extended.ContainerId));

        (await client.DeleteAsync($"/api/leases/{extended.LeaseId}")).EnsureSuccessStatusCode();
        (await client.DeleteAsync($"/api/leases/{notDue.LeaseId}")).EnsureSuccessStatusCode();
        Assert.Empty(await Cleanup.ContainersAsync(Docker, Installation));
    }

    [Fact]
    public async Task Flush_TheKeyRingIsWrittenBack_SoAnInstanceStartedAfterwardsReadsWhatWasProtectedBefore()
    {
        var token = App.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("flush-test").Protect("still valid");
        var ring = App.Services.GetRequiredService<ContainerLease.Mvc.Storage.RedisKeys>().DataProtectionKeys;
        await using (var admin = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{Redis.Port},allowAdmin=true"))
        {
            Assert.True(await admin.GetDatabase().KeyExistsAsync(ring));
            await admin.GetServers()[0].FlushAllDatabasesAsync();
            await Eventually.TrueAsync(() => admin.GetDatabase().KeyExistsAsync(ring), TimeSpan.FromSeconds(15), "the key ring is written back");
        }

        // A restart, or a new instance: it reads the ring from Redis only.
        await using var restarted = new LeaseApp(Settings);
        var read = restarted.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("flush-test").Unprotect(token);

        Assert.Equal("still valid", read);
    }

    private bool SweepIsRegistered()
    {
        using var connection = App.Services.GetRequiredService<JobStorage>().GetConnection();
        return connection.GetRecurringJobs().Any(j => j.Id == OrphanSweepJob.RecurringJobId);
    }
}
