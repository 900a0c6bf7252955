using ContainerLease.Domain.Leases;

namespace ContainerLease.Domain.Ports;

/// <summary>
/// Tells open pages that a lease was added, changed or ended, so they can fetch it again.
/// Best effort: a page that misses a notice catches up on its next refresh, so an
/// implementation logs its failures and never throws into the lease flow. Only those who may
/// see the lease (its owner and admins) are told.
/// </summary>
public interface ILeaseEvents
{
    Task ChangedAsync(Lease lease, CancellationToken ct = default);
}
