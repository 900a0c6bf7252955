using ContainerLease.Domain.Ports;

namespace ContainerLease.Domain.Leases;

/// <summary>
/// Writes what people did with a lease's container (a terminal opened or closed, a command run)
/// into its history. Best effort, like a failed reap's entry: a lease that is gone, or that
/// changes too often to be written, loses the entry, never the action it describes.
/// </summary>
public sealed class LeaseHistory(ILeaseStore store, TimeProvider time)
{
    public Task RecordAsync(LeaseId id, string kind, string detail, CancellationToken ct = default) =>
        LeaseUpdates.UpdateAsync(
            store,
            id,
            "recording " + kind,
            lease => Task.FromResult(lease is null
                ? LeaseStep<bool>.Done(false)
                : LeaseStep<bool>.Write(lease.Record(new LeaseEvent(LeaseClock.Now(time), kind, detail)), _ => Task.FromResult(true))),
            ct);
}
