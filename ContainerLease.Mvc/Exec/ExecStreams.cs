using ContainerLease.Mvc.Live;
using ContainerLease.Mvc.Logging;

namespace ContainerLease.Mvc.Exec;

/// <summary>
/// The commands users are streaming on the exec hub of this instance, and their end when the app
/// stops: each is then killed like a cancelled one, and the stop waits (up to <see cref="Grace"/>)
/// until they are, so that no kill meets an engine client already disposed with the app.
/// Registered after the hubs are mapped, its callback runs before SignalR drops the connections.
/// </summary>
public sealed class ExecStreams(IHostApplicationLifetime lifetime, ILogger<ExecStreams> logger) : IHostedService, IDisposable
{
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(5);

    // The log streams' bookkeeping, a count of its own: per user, in all, and one signal to close them.
    private readonly OpenLogStreams _open = new();
    private CancellationTokenRegistration _stopping;

    /// <summary>Cancelled when the app stops.</summary>
    public CancellationToken Closing => _open.Closing;

    /// <summary>Counts one for <paramref name="user"/>, or null when they already have <paramref name="max"/> running.</summary>
    public IDisposable? TryTake(string user, int max) => _open.TryTrack(user, max);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _stopping = lifetime.ApplicationStopping.Register(Close);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => _stopping.DisposeAsync().AsTask();

    public void Dispose() => _open.Dispose();

    private void Close()
    {
        if (_open.Count > 0 && !_open.CloseAll(Grace))
        {
            AppLog.ExecStreamsStillRunning(logger, _open.Count, Grace);
        }
    }
}
