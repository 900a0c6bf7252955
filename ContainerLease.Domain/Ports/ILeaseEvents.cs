using ContainerLease.Domain.Leases;

namespace ContainerLease.Domain.Ports;

/// <summary>
/// Tells open pages, webhooks and the audit log that a lease was added, changed or ended.
/// The lease passed is the lease as just written, and every write that tells adds an entry
/// to its history: its <see cref="Lease.LastEvent"/> is what happened, and who did it.
/// Best effort: a page that misses a notice catches up on its next refresh, so an
/// implementation logs its failures and never throws into the lease flow. Only those who may
/// see the lease (its owner and admins) are told.
/// </summary>
public interface ILeaseEvents
{
    Task ChangedAsync(Lease lease, CancellationToken ct = default);
}
