namespace ContainerLease.Tests.Integration.Infrastructure;

/// <summary>
/// A test class's own app on its own redis-server, for tests that break Redis or the engine
/// and must not disturb anyone else.
/// </summary>
public abstract class PrivateApp : PrivateInstallation
{
    protected LeaseApp App { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var settings = Settings;
        Configure(settings);
        App = new LeaseApp(settings);
    }

    public override async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await DisposeMoreAsync();
        await base.DisposeAsync();
    }

    /// <summary>Changes the settings before the app is built.</summary>
    protected virtual void Configure(Dictionary<string, string?> settings)
    {
    }

    protected virtual Task DisposeMoreAsync() => Task.CompletedTask;
}
