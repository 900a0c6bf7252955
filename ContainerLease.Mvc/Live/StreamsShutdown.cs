using ContainerLease.Mvc.Logging;

namespace ContainerLease.Mvc.Live;

/// <summary>
/// When the app stops, open log streams and terminals end with a notice and complete, so a
/// viewer knows why its log or terminal stopped and resumes after reconnecting, and streamed
/// commands are killed. SignalR drops every connection from its own
/// ApplicationStopping callback; callbacks run newest first, and this one is registered after
/// the hubs were mapped, so the streams finish before their connections go.
/// </summary>
internal sealed class StreamsShutdown(IEnumerable<OpenStreams> kinds, IHostApplicationLifetime lifetime, ILogger<StreamsShutdown> logger) : IHostedService
{
    /// <summary>Longest the stop waits for streams to send their notice (and terminals and commands to be killed).</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(5);

    private CancellationTokenRegistration _stopping;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _stopping = lifetime.ApplicationStopping.Register(Close);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => _stopping.DisposeAsync().AsTask();

    private void Close()
    {
        var streams = kinds.Sum(open => open.Count);
        foreach (var open in kinds)
        {
            open.CloseAll();
        }

        if (streams > 0 && !SpinWait.SpinUntil(() => kinds.Sum(open => open.Count) == 0, Grace))
        {
            AppLog.LogStreamsStillOpen(logger, kinds.Sum(open => open.Count), Grace);
        }
        else if (streams > 0)
        {
            AppLog.LogStreamsClosed(logger, streams);
        }
    }
}
