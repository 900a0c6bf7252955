using System.Net.Http.Json;
using ContainerLease.Tests.Integration.Infrastructure;
using Docker.DotNet;

namespace ContainerLease.Tests.Integration.Faults;

/// <summary>Fault 5: the Docker engine cannot be reached when an expiry falls due.</summary>
public sealed class EngineOutageTests : IAsyncLifetime
{
    private readonly string _installation = TestSettings.NewInstallationId();
    private readonly DockerClient _docker = new DockerClientConfiguration().CreateClient();
    private readonly DockerProxy _proxy = new();
    private RedisServer _redis = null!;
    private LeaseApp _app = null!;

    public async Task InitializeAsync()
    {
        _proxy.Up();
        _redis = await RedisServer.StartAsync();
        var settings = TestSettings.For(_installation, _redis.ConnectionString);
        settings["Docker:Endpoint"] = _proxy.Endpoint;
        _app = new LeaseApp(settings);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _proxy.DisposeAsync();
        await Cleanup.RemoveContainersAsync(_docker, _installation);
        await _redis.DisposeAsync();
        _docker.Dispose();
    }

    [Fact]
    public async Task Expiry_RetriesWhileEngineIsDown_AndRemovesContainerOnceItIsBack()
    {
        using var client = _app.CreateClient();
        await using var events = new ContainerEvents(_docker, _installation);
        var response = await client.PostAsJsonAsync("/api/provision", new { imageType = "sleeper", durationSeconds = 2 });
        response.EnsureSuccessStatusCode();
        var lease = (await response.Content.ReadFromJsonAsync<LeaseJson>())!;

        await _proxy.DownAsync();
        await Eventually.TrueAsync(
            async () => (await client.GetFromJsonAsync<LeaseJson>($"/api/leases/{lease.LeaseId}"))!.History!.Any(e => e.Kind == "reap-failed"),
            TimeSpan.FromSeconds(15),
            "a failed reap attempt shows in the lease's history");
        var failing = (await client.GetFromJsonAsync<LeaseJson>($"/api/leases/{lease.LeaseId}"))!;
        Assert.True(failing.Status == "ending", $"expected an ending lease, got {failing}");
        Assert.Equal("unknown", failing.ContainerState);
        Assert.Empty(events.Destroyed);

        _proxy.Up();

        await Eventually.TrueAsync(() => Task.FromResult(events.Destroyed.ContainsKey(lease.ContainerId)), TimeSpan.FromSeconds(30), "the retried job removes the container");
        await Eventually.TrueAsync(
            async () => (await client.GetFromJsonAsync<LeaseJson>($"/api/leases/{lease.LeaseId}"))!.Status == "expired",
            TimeSpan.FromSeconds(5),
            "the lease reads expired");
        Assert.Empty(await Cleanup.ContainersAsync(_docker, _installation));
    }
}
