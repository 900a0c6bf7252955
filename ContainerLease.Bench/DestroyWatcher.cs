using System.Collections.Concurrent;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace ContainerLease.Bench;

/// <summary>
/// Records when the engine destroys each container carrying a label, by the engine's clock, and
/// when it first killed it: expiry to kill is the app's part of a removal, kill to destroy the engine's.
/// </summary>
internal sealed class DestroyWatcher : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _watching;

    public DestroyWatcher(DockerClient docker, string label)
    {
        var parameters = new ContainerEventsParameters
        {
            Filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["type"] = new Dictionary<string, bool> { ["container"] = true },
                ["event"] = new Dictionary<string, bool> { ["destroy"] = true, ["kill"] = true },
                ["label"] = new Dictionary<string, bool> { [label] = true },
            },
        };
        _watching = docker.System.MonitorEventsAsync(parameters, new Recorder(this), _stop.Token);
    }

    public ConcurrentDictionary<string, DateTimeOffset> Destroyed { get; } = new();

    public ConcurrentDictionary<string, DateTimeOffset> Killed { get; } = new();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _watching;
        }
        catch (OperationCanceledException)
        {
            // Stopped on purpose.
        }

        _stop.Dispose();
    }

    private sealed class Recorder(DestroyWatcher watcher) : IProgress<Message>
    {
        public void Report(Message value)
        {
            var at = DateTimeOffset.FromUnixTimeMilliseconds(value.TimeNano / 1_000_000);
            if (value.Action == "kill")
            {
                watcher.Killed.TryAdd(value.Actor.ID, at);
            }
            else
            {
                watcher.Destroyed[value.Actor.ID] = at;
            }
        }
    }
}
