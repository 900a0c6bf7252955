using System.Net.Http.Json;
using ContainerLease.Tests.Integration.Infrastructure;

namespace ContainerLease.Tests.Integration.Faults;

/// <summary>Fault 5: the Docker engine cannot be reached when an expiry falls due.</summary>
public sealed class EngineOutageTests : PrivateApp
{
    private readonly DockerProxy _proxy = new();

    protected override void Configure(Dictionary<string, string?> settings)
    {
        _proxy.Up();
        settings["Docker:Endpoint"] = _proxy.Endpoint;
    }

    protected override async Task DisposeMoreAsync() => await _proxy.DisposeAsync();

    [Fact]
    public async Task Expiry_RetriesWhileEngineIsDown_AndRemovesContainerOnceItIsBack()
    {
        using var client = App.CreateClient();
        await using var events = new ContainerEvents(Docker, Installation);
        var response = await client.PostAsJsonAsync("/api/provision", new { imageType = "sleeper", durationSeconds = 2 });
        response.EnsureSuccessStatusCode();
        var lease = (await response.Content.ReadFromJsonAsync<LeaseResponse>())!;

        await _proxy.DownAsync();
        await Eventually.TrueAsync(
            async () => (await client.GetFromJsonAsync<LeaseResponse>($"/api/leases/{lease.LeaseId}"))!.History!.Any(e => e.Kind == "reap-failed"),
            TimeSpan.FromSeconds(15),
            "a failed reap attempt shows in the lease's history");
        var failing = (await client.GetFromJsonAsync<LeaseResponse>($"/api/leases/{lease.LeaseId}"))!;
        Assert.True(failing.Status == "ending", $"expected an ending lease, got {failing}");
        Assert.Equal("unknown", failing.ContainerState);
        Assert.Empty(events.Destroyed);

        _proxy.Up();

        await Eventually.TrueAsync(() => Task.FromResult(events.Destroyed.ContainsKey(lease.ContainerId)), TimeSpan.FromSeconds(30), "the retried job removes the container");
        await Eventually.TrueAsync(
            async () => (await client.GetFromJsonAsync<LeaseResponse>($"/api/leases/{lease.LeaseId}"))!.Status == "expired",
            TimeSpan.FromSeconds(5),
            "the lease reads expired");
        Assert.Empty(await Cleanup.ContainersAsync(Docker, Installation));
    }
}
