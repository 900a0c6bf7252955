using ContainerLease.Domain.Leases;
using ContainerLease.Domain.Ports;

namespace ContainerLease.Mvc.Leases;

/// <summary>One listener to what happens to leases: the open pages, the webhooks, the audit log.</summary>
public interface ILeaseEventSink
{
    /// <summary>Like <see cref="ILeaseEvents.ChangedAsync"/>: best effort, never throws into the lease flow.</summary>
    Task ChangedAsync(Lease lease, CancellationToken ct);
}

/// <summary>The domain's <see cref="ILeaseEvents"/>: hands each change to every registered <see cref="ILeaseEventSink"/>, in turn.</summary>
internal sealed class LeaseEventFanOut(IEnumerable<ILeaseEventSink> sinks) : ILeaseEvents
{
    private readonly ILeaseEventSink[] _sinks = [.. sinks];

    public async Task ChangedAsync(Lease lease, CancellationToken ct = default)
    {
        foreach (var sink in _sinks)
        {
            await sink.ChangedAsync(lease, ct);
        }
    }
}
