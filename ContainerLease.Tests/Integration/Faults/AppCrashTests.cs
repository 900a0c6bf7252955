using ContainerLease.Tests.Integration.Infrastructure;

namespace ContainerLease.Tests.Integration.Faults;

/// <summary>Fault 1: the app is killed with leases active and stays down past their expiry.</summary>
public sealed class AppCrashTests : PrivateInstallation
{
    [Fact]
    public async Task Restart_ReapsLeasesThatFellDueWhileDown_AndKeepsTheOthers()
    {
        var settings = Settings;
        await using var events = new ContainerEvents(Docker, Installation);
        LeaseResponse soon, later, long_;
        await using (var first = await AppProcess.StartAsync(settings))
        {
            soon = await first.ProvisionAsync(5);
            later = await first.ProvisionAsync(7);
            long_ = await first.ProvisionAsync(120);
            await first.KillAsync();
        }

        var killedAt = DateTimeOffset.UtcNow;
        // On a loaded machine the three provisions can outlast the wait itself.
        var downFor = later.ExpiresAt.AddSeconds(2) - DateTimeOffset.UtcNow;
        await Task.Delay(downFor > TimeSpan.Zero ? downFor : TimeSpan.Zero);
        Assert.DoesNotContain(events.Destroyed, d => d.Value > killedAt); // nobody reaps while the app is down

        await using var second = await AppProcess.StartAsync(settings);

        await Eventually.TrueAsync(
            () => Task.FromResult(events.Destroyed.ContainsKey(soon.ContainerId) && events.Destroyed.ContainsKey(later.ContainerId)),
            TimeSpan.FromSeconds(20),
            "both overdue containers are reaped after the restart");
        Assert.False(events.Destroyed.ContainsKey(long_.ContainerId), "a lease that was not due was reaped");
        foreach (var lease in new[] { soon, later })
        {
            var read = await Ended.ReadAsync(() => second.GetLeaseAsync(lease.LeaseId));
            Assert.Equal("expired", read.Status);
            Assert.True(events.Destroyed[lease.ContainerId] >= lease.ExpiresAt);
        }

        Assert.Equal("active", (await second.GetLeaseAsync(long_.LeaseId)).Status);
        (await second.Client.DeleteAsync($"/api/leases/{long_.LeaseId}")).EnsureSuccessStatusCode();
        Assert.Empty(await Cleanup.ContainersAsync(Docker, Installation));
    }

    [Fact]
    public async Task Sigterm_ShutsDownCleanly_AndTheNextInstanceReapsOnTime()
    {
        var settings = Settings;
        await using var events = new ContainerEvents(Docker, Installation);
        LeaseResponse lease;
        await using (var first = await AppProcess.StartAsync(settings))
        {
            lease = await first.ProvisionAsync(6);
            Assert.Equal(0, await first.TerminateAsync());
            Assert.DoesNotContain("fail:", first.Output, StringComparison.Ordinal);
        }

        await using var second = await AppProcess.StartAsync(settings);

        await Eventually.TrueAsync(() => Task.FromResult(events.Destroyed.ContainsKey(lease.ContainerId)), TimeSpan.FromSeconds(15), "the lease is reaped by the next instance");
        Assert.True(events.Destroyed[lease.ContainerId] >= lease.ExpiresAt);
        Assert.Equal("expired", (await Ended.ReadAsync(() => second.GetLeaseAsync(lease.LeaseId))).Status);
    }
}
