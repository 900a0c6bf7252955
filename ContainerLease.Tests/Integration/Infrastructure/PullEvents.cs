using System.Collections.Concurrent;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace ContainerLease.Tests.Integration.Infrastructure;

/// <summary>The engine's pull events while watched: the names pulled, every one (others' too: filter by yours).</summary>
public sealed class PullEvents : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> _pulled = new();
    private readonly CancellationTokenSource _stop = new();
    private Task _watching = Task.CompletedTask;

    public static Task<PullEvents> WatchAsync(DockerClient docker)
    {
        var events = new PullEvents();
        events._watching = docker.System.MonitorEventsAsync(
            new ContainerEventsParameters { Filters = new Dictionary<string, IDictionary<string, bool>> { ["type"] = new Dictionary<string, bool> { ["image"] = true }, ["event"] = new Dictionary<string, bool> { ["pull"] = true } } },
            new Progress<Message>(m => events._pulled.Enqueue(m.Actor.ID)), events._stop.Token);
        return Task.FromResult(events);
    }

    /// <summary>Stops watching, a moment after the last answer (the engine's event may trail it), and returns what was pulled.</summary>
    public async Task<IReadOnlyList<string>> StopAsync()
    {
        await Task.Delay(TimeSpan.FromSeconds(1));
        await _stop.CancelAsync();
        // Bounded, as in ContainerEvents: the engine's event stream may not notice its cancellation.
        await Task.WhenAny(_watching, Task.Delay(TimeSpan.FromSeconds(10)));
        return [.. _pulled];
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await StopAsync();
        }

        _stop.Dispose();
    }
}
