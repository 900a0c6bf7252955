using Docker.DotNet;

namespace ContainerLease.Tests.Integration.Infrastructure;

/// <summary>
/// A test class's own redis-server and installation id, for apps in process
/// (<see cref="PrivateApp"/>) or as processes (<see cref="AppProcess"/>). Leftover containers are
/// removed by installation label.
/// </summary>
public abstract class PrivateInstallation : IAsyncLifetime
{
    protected string Installation { get; } = TestSettings.NewInstallationId();

    protected DockerClient Docker { get; } = new DockerClientConfiguration().CreateClient();

    protected RedisServer Redis { get; private set; } = null!;

    /// <summary>The settings of an app of this installation on this Redis.</summary>
    protected Dictionary<string, string?> Settings => TestSettings.For(Installation, Redis.ConnectionString);

    public virtual async Task InitializeAsync() => Redis = await RedisServer.StartAsync();

    public virtual async Task DisposeAsync()
    {
        await Cleanup.RemoveContainersAsync(Docker, Installation);
        await Redis.DisposeAsync();
        Docker.Dispose();
    }
}
