using System.Net.Http.Json;
using ContainerLease.Tests.Integration.Infrastructure;
using Docker.DotNet;

namespace ContainerLease.Tests.Integration.Faults;

/// <summary>Fault 1: the app is killed with leases active and stays down past their expiry.</summary>
public sealed class AppCrashTests : IAsyncLifetime
{
    private readonly string _installation = TestSettings.NewInstallationId();
    private readonly DockerClient _docker = new DockerClientConfiguration().CreateClient();
    private RedisServer _redis = null!;

    public async Task InitializeAsync() => _redis = await RedisServer.StartAsync();

    public async Task DisposeAsync()
    {
        await Cleanup.RemoveContainersAsync(_docker, _installation);
        await _redis.DisposeAsync();
        _docker.Dispose();
    }

    [Fact]
    public async Task Restart_ReapsLeasesThatFellDueWhileDown_AndKeepsTheOthers()
    {
        var settings = TestSettings.For(_installation, _redis.ConnectionString);
        await using var events = new ContainerEvents(_docker, _installation);
        LeaseResponse soon, later, long_;
        await using (var first = await AppProcess.StartAsync(settings))
        {
            soon = await ProvisionAsync(first.Client, 5);
            later = await ProvisionAsync(first.Client, 7);
            long_ = await ProvisionAsync(first.Client, 120);
            await first.KillAsync();
        }

        var killedAt = DateTimeOffset.UtcNow;
        await Task.Delay(later.ExpiresAt.AddSeconds(2) - DateTimeOffset.UtcNow);
        Assert.DoesNotContain(events.Destroyed, d => d.Value > killedAt); // nobody reaps while the app is down

        await using var second = await AppProcess.StartAsync(settings);

        await Eventually.TrueAsync(
            () => Task.FromResult(events.Destroyed.ContainsKey(soon.ContainerId) && events.Destroyed.ContainsKey(later.ContainerId)),
            TimeSpan.FromSeconds(20),
            "both overdue containers are reaped after the restart");
        Assert.False(events.Destroyed.ContainsKey(long_.ContainerId), "a lease that was not due was reaped");
        foreach (var lease in new[] { soon, later })
        {
            var read = (await second.Client.GetFromJsonAsync<LeaseResponse>($"/api/leases/{lease.LeaseId}"))!;
            Assert.Equal("expired", read.Status);
            Assert.True(events.Destroyed[lease.ContainerId] >= lease.ExpiresAt);
        }

        Assert.Equal("active", (await second.Client.GetFromJsonAsync<LeaseResponse>($"/api/leases/{long_.LeaseId}"))!.Status);
        (await second.Client.DeleteAsync($"/api/leases/{long_.LeaseId}")).EnsureSuccessStatusCode();
        Assert.Empty(await Cleanup.ContainersAsync(_docker, _installation));
    }

    [Fact]
    public async Task Sigterm_ShutsDownCleanly_AndTheNextInstanceReapsOnTime()
    {
        var settings = TestSettings.For(_installation, _redis.ConnectionString);
        await using var events = new ContainerEvents(_docker, _installation);
        LeaseResponse lease;
        await using (var first = await AppProcess.StartAsync(settings))
        {
            lease = await ProvisionAsync(first.Client, 6);
            Assert.Equal(0, await first.TerminateAsync());
            Assert.DoesNotContain("fail:", first.Output, StringComparison.Ordinal);
        }

        await using var second = await AppProcess.StartAsync(settings);

        await Eventually.TrueAsync(() => Task.FromResult(events.Destroyed.ContainsKey(lease.ContainerId)), TimeSpan.FromSeconds(15), "the lease is reaped by the next instance");
        Assert.True(events.Destroyed[lease.ContainerId] >= lease.ExpiresAt);
        Assert.Equal("expired", (await second.Client.GetFromJsonAsync<LeaseResponse>($"/api/leases/{lease.LeaseId}"))!.Status);
    }

    private static async Task<LeaseResponse> ProvisionAsync(HttpClient client, int seconds)
    {
        var response = await client.PostAsJsonAsync("/api/provision", new { imageType = "sleeper", durationSeconds = seconds });
        Assert.True(response.IsSuccessStatusCode, $"provision answered {response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<LeaseResponse>())!;
    }
}
