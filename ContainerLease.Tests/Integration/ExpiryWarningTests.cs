using System.Net.Http.Json;
using ContainerLease.Tests.Integration.Infrastructure;

namespace ContainerLease.Tests.Integration;

/// <summary>Warnings before expiry, as webhooks to a real receiver: once per deadline, again after an extension.</summary>
public sealed class ExpiryWarningTests : WebhookApp
{
    protected override void Configure(Dictionary<string, string?> settings)
    {
        base.Configure(settings);
        // 3 s, and leases of 8: a provision slowed by a loaded machine (2 s was seen) still leaves its warning ahead of it.
        settings["Leases:WarnBefore:0"] = "00:00:03";
    }

    [Fact]
    public async Task ALease_IsWarnedOnce_BeforeItExpires()
    {
        using var client = App.CreateClient();
        var lease = await client.ProvisionAsync(seconds: 8);

        await Eventually.TrueAsync(() => Task.FromResult(Receiver.Of(lease.LeaseId).Any(w => w.Type == "lease.expired")), TimeSpan.FromSeconds(30), "the lease expires");
        var received = Receiver.Of(lease.LeaseId);
        Assert.Equal(["lease.provisioned", "lease.expiring", "lease.expired"], received.Select(w => w.Type));
        var warning = received[1];
        Assert.Equal("system", warning.Actor);
        Assert.Equal(1, warning.Data.GetProperty("minutesLeft").GetInt64());
        // Hangfire's Redis storage schedules by whole seconds, so a warning may go out up to a second early.
        Assert.InRange(warning.Data.GetProperty("secondsLeft").GetInt64(), 1, 4);
        Assert.Contains((await client.GetFromJsonAsync<LeaseResponse>($"/api/leases/{lease.LeaseId}"))!.History!, e => e.Kind == "expiring");
        Assert.Empty(Receiver.Refused);
    }

    [Fact]
    public async Task AnExtendedLease_IsWarnedAgain_ForItsNewDeadlineOnly()
    {
        using var client = App.CreateClient();
        var lease = await client.ProvisionAsync(seconds: 8);
        await Eventually.TrueAsync(() => Task.FromResult(Receiver.Of(lease.LeaseId).Any(w => w.Type == "lease.expiring")), TimeSpan.FromSeconds(30), "the first warning");

        using var response = await client.PostAsJsonAsync($"/api/leases/{lease.LeaseId}/extend", new { durationSeconds = 4 });
        var extended = (await response.Content.ReadFromJsonAsync<LeaseResponse>())!;

        await Eventually.TrueAsync(() => Task.FromResult(Receiver.Of(lease.LeaseId).Any(w => w.Type == "lease.expired")), TimeSpan.FromSeconds(30), "the lease expires");
        var received = Receiver.Of(lease.LeaseId);
        Assert.Equal(["lease.provisioned", "lease.expiring", "lease.extended", "lease.expiring", "lease.expired"], received.Select(w => w.Type));
        Assert.Equal(extended.ExpiresAt, received[3].Data.GetProperty("lease").GetProperty("expiresAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task ALeaseExtendedBeforeItsWarning_IsWarnedForTheNewDeadlineOnly_AndAShortOneNotAtAll()
    {
        using var client = App.CreateClient();
        // Its first warning would come 5 s after its start: the extension, at once, comes well before.
        var lease = await client.ProvisionAsync(seconds: 8);
        using var response = await client.PostAsJsonAsync($"/api/leases/{lease.LeaseId}/extend", new { durationSeconds = 3 });
        Assert.True(response.IsSuccessStatusCode);
        var shorter = await client.ProvisionAsync(seconds: 1);

        await Eventually.TrueAsync(() => Task.FromResult(Receiver.Of(lease.LeaseId).Any(w => w.Type == "lease.expired")), TimeSpan.FromSeconds(25), "the lease expires");
        Assert.Equal(["lease.provisioned", "lease.extended", "lease.expiring", "lease.expired"], Receiver.Of(lease.LeaseId).Select(w => w.Type));
        Assert.Equal(["lease.provisioned", "lease.expired"], Receiver.Of(shorter.LeaseId).Select(w => w.Type));
    }
}
