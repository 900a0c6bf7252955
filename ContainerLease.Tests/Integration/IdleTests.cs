using System.Net.Http.Json;
using ContainerLease.Tests.Integration.Infrastructure;

namespace ContainerLease.Tests.Integration;

/// <summary>
/// The idle policy on the real engine: an entry with an <c>IdleTimeout</c> of a few seconds ends
/// <c>idle</c> after a warning when nothing happens in it, and lives on while something does.
/// </summary>
public sealed class IdleTests : WebhookApp
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static readonly string[] True = ["true"];

    protected override void Configure(Dictionary<string, string?> settings)
    {
        base.Configure(settings);
        // Above the 5 s for which LeaseActivity writes a lease's activity once per instance; the
        // warning's window (6 s) holds three sweeps (every 2 s), so one sweep slowed by a loaded machine misses nothing.
        TestSettings.AddIdler(settings, idleTimeout: "00:00:12");
        settings["Leases:WarnBefore:0"] = "00:00:06";
    }

    [Fact]
    public async Task ALeaseWithoutActivity_IsWarned_ThenEndsIdle_AndItsContainerIsRemoved()
    {
        using var client = App.CreateClient();
        var lease = await client.ProvisionAsync("idler");
        var details = await client.GetStringAsync($"/leases/{lease.LeaseId}/details");
        Assert.Contains("ends idle after 12 seconds without activity", details, StringComparison.Ordinal);

        await Eventually.TrueAsync(() => Task.FromResult(Receiver.Of(lease.LeaseId).Any(w => w.Type == "lease.idle_ended")), Patience, "the lease ends idle");

        var received = Receiver.Of(lease.LeaseId);
        Assert.Equal(["lease.provisioned", "lease.idle_warning", "lease.idle_ended"], received.Select(w => w.Type));
        Assert.Equal("system", received[2].Actor);
        Assert.InRange(received[1].Data.GetProperty("secondsLeft").GetInt64(), 0, 6);
        var ended = (await client.GetFromJsonAsync<LeaseResponse>($"/api/leases/{lease.LeaseId}"))!;
        Assert.Equal("idle", ended.Status);
        Assert.Contains(ended.History!, e => e.Kind == "idle-warning");
        await Eventually.TrueAsync(async () => !await ContainerExistsAsync(lease.ContainerId), Patience, "the container is removed");
        Assert.Empty(Receiver.Refused);
    }

    [Fact]
    public async Task ALeaseInUse_LivesOnPastItsIdleTimeout_AndEndsIdleOnceLeftAlone()
    {
        using var client = App.CreateClient();
        var lease = await client.ProvisionAsync("idler");
        var plain = await client.ProvisionAsync("sleeper");

        // Past the idle timeout: commands, then touches, a second apart.
        for (var i = 0; i < 16; i++)
        {
            using var response = i < 8
                ? await client.PostAsJsonAsync($"/api/leases/{lease.LeaseId}/exec", new { command = True })
                : await client.PostAsync($"/api/leases/{lease.LeaseId}/touch", null);
            Assert.True(response.IsSuccessStatusCode, $"activity {i}: {response.StatusCode}");
            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        Assert.Equal("active", (await client.GetFromJsonAsync<LeaseResponse>($"/api/leases/{lease.LeaseId}"))!.Status);
        Assert.DoesNotContain(Receiver.Of(lease.LeaseId), w => w.Type == "lease.idle_ended");

        await Eventually.TrueAsync(() => Task.FromResult(Receiver.Of(lease.LeaseId).Any(w => w.Type == "lease.idle_ended")), Patience, "the lease, left alone, ends idle");
        // An entry without an IdleTimeout has no idle limit at all.
        Assert.Equal("active", (await client.GetFromJsonAsync<LeaseResponse>($"/api/leases/{plain.LeaseId}"))!.Status);
        Assert.DoesNotContain(Receiver.Of(plain.LeaseId), w => w.Type is "lease.idle_warning" or "lease.idle_ended");
    }

    private async Task<bool> ContainerExistsAsync(string containerId) =>
        (await Cleanup.ContainersAsync(Docker, Installation)).Any(c => c.ID == containerId);
}
