using System.Net.Http.Json;
using ContainerLease.Tests.Integration.Infrastructure;

namespace ContainerLease.Tests.Integration;

/// <summary>Signed webhooks to a real receiver on Kestrel, which verifies each one with the StandardWebhooks library.</summary>
public sealed class WebhookTests : PrivateApp
{
    private WebhookReceiver _receiver = null!;
    private WebhookReceiver _terminationsOnly = null!;

    public override async Task InitializeAsync()
    {
        _receiver = await WebhookReceiver.StartAsync();
        _terminationsOnly = await WebhookReceiver.StartAsync();
        await base.InitializeAsync();
    }

    protected override void Configure(Dictionary<string, string?> settings)
    {
        settings["Webhooks:Endpoints:ops:Url"] = _receiver.Url;
        settings["Webhooks:Endpoints:ops:Secret"] = WebhookReceiver.Secret;
        settings["Webhooks:Endpoints:audit-desk:Url"] = _terminationsOnly.Url;
        settings["Webhooks:Endpoints:audit-desk:Secret"] = WebhookReceiver.Secret;
        settings["Webhooks:Endpoints:audit-desk:Events:0"] = "lease.terminated";
        settings["Webhooks:Timeout"] = "00:00:02";
        // No warning within these leases' lifetimes: only what the tests do is told.
        settings["Leases:WarnBefore:0"] = "00:00:00";
    }

    protected override async Task DisposeMoreAsync()
    {
        await _receiver.DisposeAsync();
        await _terminationsOnly.DisposeAsync();
    }

    [Fact]
    public async Task EveryEvent_IsSignedAndArrivesInOrder_WithTheLeaseAndWhoDidIt()
    {
        using var client = App.CreateClient();
        var lease = await ProvisionAsync(client, 60);
        await PostAsync(client, $"/api/leases/{lease.LeaseId}/extend", new { durationSeconds = 30 });
        await PostAsync(client, $"/api/leases/{lease.LeaseId}/pause", null);
        await PostAsync(client, $"/api/leases/{lease.LeaseId}/resume", null);
        await client.DeleteAsync($"/api/leases/{lease.LeaseId}");

        string[] expected = ["lease.provisioned", "lease.extended", "lease.paused", "lease.resumed", "lease.terminated"];
        await Eventually.TrueAsync(() => Task.FromResult(_receiver.Of(lease.LeaseId).Count >= expected.Length), TimeSpan.FromSeconds(20), "every event arrives");
        var received = _receiver.Of(lease.LeaseId);
        Assert.Equal(expected, received.Select(w => w.Type));
        Assert.All(received, w => Assert.Equal("alice", w.Actor));
        Assert.Equal(received.Count, received.Select(w => w.Id).Distinct().Count());
        Assert.Equal("terminated", received[^1].Data.GetProperty("lease").GetProperty("status").GetString());
        Assert.Empty(_receiver.Refused);

        // An endpoint that asked for terminations only gets that one.
        await Eventually.TrueAsync(() => Task.FromResult(_terminationsOnly.Of(lease.LeaseId).Count == 1), TimeSpan.FromSeconds(10), "the termination reaches the second endpoint");
        Assert.Equal("lease.terminated", Assert.Single(_terminationsOnly.Of(lease.LeaseId)).Type);
    }

    [Fact]
    public async Task AnExpiry_IsToldBySystem()
    {
        using var client = App.CreateClient();
        var lease = await ProvisionAsync(client, 2);

        await Eventually.TrueAsync(() => Task.FromResult(_receiver.Of(lease.LeaseId).Any(w => w.Type == "lease.expired")), TimeSpan.FromSeconds(20), "the expiry is told");
        var expired = Assert.Single(_receiver.Of(lease.LeaseId), w => w.Type == "lease.expired");
        Assert.Equal("system", expired.Actor);
        Assert.Equal(["lease.provisioned", "lease.expired"], _receiver.Of(lease.LeaseId).Select(w => w.Type));
    }

    [Fact]
    public async Task AReceiverThatIsDownForAWhile_GetsEverythingInOrderOnceItIsBack()
    {
        await _receiver.StopAsync();
        using var client = App.CreateClient();
        var lease = await ProvisionAsync(client, 60);
        await PostAsync(client, $"/api/leases/{lease.LeaseId}/extend", new { durationSeconds = 30 });
        await client.DeleteAsync($"/api/leases/{lease.LeaseId}");
        await Task.Delay(TimeSpan.FromSeconds(3)); // the first delivery fails and waits for its retry meanwhile
        Assert.Empty(_receiver.Of(lease.LeaseId));

        await _receiver.RestartAsync();

        await Eventually.TrueAsync(() => Task.FromResult(_receiver.Of(lease.LeaseId).Count >= 3), TimeSpan.FromSeconds(40), "the events arrive once the receiver is back");
        await Task.Delay(TimeSpan.FromSeconds(1)); // nothing more, nothing twice
        Assert.Equal(["lease.provisioned", "lease.extended", "lease.terminated"], _receiver.Of(lease.LeaseId).Select(w => w.Type));
        Assert.Empty(_receiver.Refused);
    }

    [Fact]
    public async Task ASlowReceiver_DoesNotHoldUpLeaseOperations()
    {
        _receiver.Hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var client = App.CreateClient();
        var first = await ProvisionAsync(client, 60);
        await Eventually.TrueAsync(() => Task.FromResult(_receiver.Arrived >= 1), TimeSpan.FromSeconds(10), "the receiver is sent the first event and holds it");

        // While the receiver holds its answer, leases are provisioned and ended as usual.
        var second = await ProvisionAsync(client, 60);
        await client.DeleteAsync($"/api/leases/{second.LeaseId}");
        Assert.Equal("terminated", (await client.GetFromJsonAsync<LeaseResponse>($"/api/leases/{second.LeaseId}"))!.Status);
        Assert.Empty(_receiver.Received);

        _receiver.Hold.SetResult();
        _receiver.Hold = null;
        // A held answer past Webhooks:Timeout counts as failed and is sent again: at least once, so count distinct ids.
        await Eventually.TrueAsync(() => Task.FromResult(_receiver.Of(second.LeaseId).Select(w => w.Id).Distinct().Count() == 2), TimeSpan.FromSeconds(30), "the held events arrive after all");
        Assert.Equal(["lease.provisioned", "lease.terminated"], _receiver.Of(second.LeaseId).DistinctBy(w => w.Id).Select(w => w.Type));
        await client.DeleteAsync($"/api/leases/{first.LeaseId}");
    }

    private static async Task<LeaseResponse> ProvisionAsync(HttpClient client, int seconds)
    {
        using var response = await client.PostAsJsonAsync("/api/provision", new { imageType = "sleeper", durationSeconds = seconds });
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<LeaseResponse>())!;
    }

    private static async Task PostAsync(HttpClient client, string path, object? body)
    {
        using var response = body is null ? await client.PostAsync(path, null) : await client.PostAsJsonAsync(path, body);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
