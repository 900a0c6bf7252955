using System.Net.Http.Json;
using ContainerLease.Domain.Leases;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.AspNetCore.SignalR.Client;

namespace ContainerLease.Tests.Integration.Infrastructure;

/// <summary>
/// One app on a real Redis of its own and the real Docker engine, under an installation id
/// of its own, so the containers it makes can be counted and cleaned up by label.
/// </summary>
public sealed class AppFixture : IAsyncLifetime
{
    public string InstallationId { get; } = TestSettings.NewInstallationId();

    public RedisServer Redis { get; private set; } = null!;

    public LeaseApp App { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public DockerClient Docker { get; } = new DockerClientConfiguration().CreateClient();

    public async Task InitializeAsync()
    {
        Redis = await RedisServer.StartAsync();
        App = new LeaseApp(TestSettings.For(InstallationId, Redis.ConnectionString));
        Client = App.CreateClient();
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await App.DisposeAsync();
        await Cleanup.RemoveContainersAsync(Docker, InstallationId);
        await Redis.DisposeAsync();
        Docker.Dispose();
    }

    /// <summary>Every container on the engine labelled with this fixture's installation, running or not.</summary>
    public Task<IList<ContainerListResponse>> ContainersAsync() => Cleanup.ContainersAsync(Docker, InstallationId);

    public async Task<bool> ContainerExistsAsync(string containerId) =>
        (await ContainersAsync()).Any(c => c.ID == containerId);

    public Task<LeaseResponse> ProvisionAsync(string imageType = "sleeper", int seconds = 60) => Client.ProvisionAsync(imageType, seconds);

    /// <summary>A SignalR connection to one of the app's hubs as <see cref="TestUsers.Alice"/>; not yet started.</summary>
    public HubConnection Hub(string path) => App.Hub(path);

    public async Task<LeaseResponse> GetLeaseAsync(string leaseId) =>
        (await Client.GetFromJsonAsync<LeaseResponse>($"/api/leases/{leaseId}"))!;
}

[CollectionDefinition(Name)]
public sealed class SharedApp : ICollectionFixture<AppFixture>
{
    public const string Name = "app on real Docker and Redis";
}
