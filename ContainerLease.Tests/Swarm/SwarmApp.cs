using System.Net;
using System.Net.Http.Json;
using ContainerLease.Tests.Integration.Infrastructure;
using StackExchange.Redis;

namespace ContainerLease.Tests.Swarm;

/// <summary>
/// A test's own app in swarm mode, on its own redis-server and installation id, pointed at the
/// cluster's manager through configuration alone; its services are removed when it is disposed.
/// </summary>
public sealed class SwarmApp : IAsyncDisposable
{
    private readonly SwarmCluster _cluster;

    private SwarmApp(SwarmCluster cluster, RedisServer redis, Dictionary<string, string?> settings)
    {
        _cluster = cluster;
        Redis = redis;
        Settings = settings;
        App = new LeaseApp(settings);
        Client = App.CreateClient();
    }

    public string Installation => Settings["Leases:InstallationId"]!;

    public Dictionary<string, string?> Settings { get; }

    public RedisServer Redis { get; }

    public LeaseApp App { get; }

    public HttpClient Client { get; }

    /// <summary>The settings of a swarm-mode app on <paramref name="cluster"/>: the tests' own, and a sweep every 2 s.</summary>
    public static Dictionary<string, string?> SettingsFor(SwarmCluster cluster, string installation, RedisServer redis)
    {
        var settings = TestSettings.For(installation, redis.ConnectionString);
        settings["Runtime:Kind"] = "swarm";
        settings["Docker:Endpoint"] = cluster.ManagerEndpoint;
        settings["Swarm:AllowWeakerSandbox"] = "true";
        settings["Swarm:PlacementTimeout"] = "00:00:10";
        settings["Leases:SweepInterval"] = "00:00:02";
        return settings;
    }

    public static async Task<SwarmApp> StartAsync(SwarmCluster cluster, Action<Dictionary<string, string?>>? configure = null)
    {
        var redis = await RedisServer.StartAsync();
        var settings = SettingsFor(cluster, TestSettings.NewInstallationId(), redis);
        configure?.Invoke(settings);
        return new SwarmApp(cluster, redis, settings);
    }

    public async Task<LeaseResponse> ProvisionAsync(int seconds, string imageType = "sleeper")
    {
        using var response = await Client.PostAsJsonAsync("/api/provision", new { imageType, durationSeconds = seconds });
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"provision answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<LeaseResponse>())!;
    }

    public async Task<LeaseResponse> GetAsync(string leaseId) => (await Client.GetFromJsonAsync<LeaseResponse>($"/api/leases/{leaseId}"))!;

    public async Task FlushRedisAsync()
    {
        await using var admin = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{Redis.Port},allowAdmin=true");
        await admin.GetServers()[0].FlushAllDatabasesAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.DisposeAsync();
        foreach (var service in await _cluster.ServicesAsync(Installation))
        {
            await _cluster.Client.Swarm.RemoveServiceAsync(service.ID);
        }

        await Redis.DisposeAsync();
    }
}
