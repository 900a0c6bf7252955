using Docker.DotNet;

namespace ContainerLease.Tests.Integration.Infrastructure;

/// <summary>
/// A test class's own app on its own redis-server, for tests that break Redis or the engine
/// and must not disturb anyone else. Leftover containers are removed by installation label.
/// </summary>
public abstract class PrivateApp : IAsyncLifetime
{
    protected string Installation { get; } = TestSettings.NewInstallationId();

    protected DockerClient Docker { get; } = new DockerClientConfiguration().CreateClient();

    protected RedisServer Redis { get; private set; } = null!;

    protected LeaseApp App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Redis = await RedisServer.StartAsync();
        var settings = TestSettings.For(Installation, Redis.ConnectionString);
        Configure(settings);
        App = new LeaseApp(settings);
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await DisposeMoreAsync();
        await Cleanup.RemoveContainersAsync(Docker, Installation);
        await Redis.DisposeAsync();
        Docker.Dispose();
    }

    /// <summary>Changes the settings before the app is built.</summary>
    protected virtual void Configure(Dictionary<string, string?> settings)
    {
    }

    protected virtual Task DisposeMoreAsync() => Task.CompletedTask;
}
