using ContainerLease.Domain.Ports;

namespace ContainerLease.Domain.Leases;

/// <summary>
/// Writes what people did with a lease's container (a terminal opened or closed, a command run)
/// into its history, and tells its open pages. Callers treat it as best effort, like a failed
/// reap's entry: a lease that changes too often to be written loses the entry, never the action
/// it describes.
/// </summary>
public sealed class LeaseHistory(ILeaseStore store, ILeaseEvents events, TimeProvider time)
{
    /// <summary>An entry on the lease, whatever its status, as long as it exists.</summary>
    public Task RecordAsync(LeaseId id, string kind, string detail, string? by, CancellationToken ct = default) =>
        RecordAsync(id, (lease, at) => lease.Record(new LeaseEvent(at, kind, detail, by)), ct);

    /// <summary>The lease as <paramref name="record"/> makes it at this moment; nothing is written when it answers null.</summary>
    public Task RecordAsync(LeaseId id, Func<Lease, DateTimeOffset, Lease?> record, CancellationToken ct = default) =>
        LeaseUpdates.UpdateAsync(
            store,
            id,
            "recording its history",
            lease => Task.FromResult(lease is null || record(lease, LeaseClock.Now(time)) is not { } recorded
                ? LeaseStep<bool>.Done(false)
                : LeaseStep<bool>.Write(recorded, async stored =>
                {
                    await events.ChangedAsync(stored, ct);
                    return true;
                })),
            ct);
}
