using System.Collections.Concurrent;
using ContainerLease.Domain.Leases;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace ContainerLease.Tests.Integration.Infrastructure;

/// <summary>
/// Watches the engine's event stream for the moment each container of an installation is
/// destroyed, by the engine's own clock: the evidence that nothing was removed early.
/// </summary>
public sealed class ContainerEvents : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _watching;

    public ContainerEvents(DockerClient docker, string installationId)
    {
        var parameters = new ContainerEventsParameters
        {
            Filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["type"] = new Dictionary<string, bool> { ["container"] = true },
                ["event"] = new Dictionary<string, bool> { ["destroy"] = true },
                ["label"] = new Dictionary<string, bool> { [$"{LeaseLabels.Installation}={installationId}"] = true },
            },
        };
        var progress = new SynchronousProgress(m => Destroyed[m.Actor.ID] = DateTimeOffset.FromUnixTimeMilliseconds(m.TimeNano / 1_000_000));
        _watching = docker.System.MonitorEventsAsync(parameters, progress, _stop.Token);
    }

    /// <summary>Container id → when the engine destroyed it.</summary>
    public ConcurrentDictionary<string, DateTimeOffset> Destroyed { get; } = new();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            // Docker.DotNet's event stream does not always notice its cancellation while the engine
            // is silent (a whole test run once hung here), so the wait is bounded.
            await _watching.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (OperationCanceledException)
        {
            // Stopped on purpose.
        }
        catch (TimeoutException)
        {
            // Left to end with the process; nothing more is read from it.
        }

        _stop.Dispose();
    }

    /// <summary>Progress&lt;T&gt; posts to the thread pool and may reorder; this reports in the order received.</summary>
    private sealed class SynchronousProgress(Action<Message> report) : IProgress<Message>
    {
        public void Report(Message value) => report(value);
    }
}
