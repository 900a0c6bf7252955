using ContainerLease.Domain.Leases;
using ContainerLease.Domain.Quota;

namespace ContainerLease.Domain.Ports;

/// <summary>
/// Where leases are kept: one record per lease plus an index of active leases by expiry.
/// Writes are compare-and-set on <see cref="Lease.Version"/>, so two instances or a job and a
/// request never overwrite each other's change. Failures are <see cref="Errors.DependencyUnavailableException"/>.
/// </summary>
public interface ILeaseStore
{
    /// <summary>Stores a new lease with version 1. False if the id is taken.</summary>
    Task<bool> TryAddAsync(Lease lease, CancellationToken ct = default);

    Task<Lease?> GetAsync(LeaseId id, CancellationToken ct = default);

    /// <summary>
    /// Like <see cref="GetAsync"/>, for a read on every request (the port proxy): it may answer
    /// from this instance's memory, at most <see cref="Policy.LeaseOptions.ReadCacheTime"/> old, and
    /// never older than a change to the lease that this instance has heard of, whichever instance
    /// made it. Never the start of a read-modify-write.
    /// </summary>
    Task<Lease?> GetRecentAsync(LeaseId id, CancellationToken ct = default) => GetAsync(id, ct);

    /// <summary>Replaces the lease if the stored version still equals <c>lease.Version</c>, storing it as the next version.</summary>
    Task<bool> TryUpdateAsync(Lease lease, CancellationToken ct = default);

    /// <summary>Forgets a lease entirely: only for undoing a provision that failed half-way.</summary>
    Task DeleteAsync(LeaseId id, CancellationToken ct = default);

    /// <summary>Active (and ending) leases in expiry order, soonest first.</summary>
    Task<LeasePage> ListActiveAsync(int skip, int take, CancellationToken ct = default);

    /// <summary>One owner's active (and ending) leases.</summary>
    Task<IReadOnlyList<Lease>> ListActiveByOwnerAsync(string owner, CancellationToken ct = default);

    /// <summary>Ended leases still within their retention, most recently ended first; one owner's only when <paramref name="owner"/> is given.</summary>
    Task<IReadOnlyList<Lease>> ListRecentlyEndedAsync(int take, string? owner, CancellationToken ct = default);

    /// <summary>
    /// Counts the owner's active leases and live holds and, when one more of <c>hold.MemoryMb</c>
    /// fits <paramref name="limits"/>, takes the hold: one atomic step, so that a burst of
    /// provisions, on one instance or several, never passes the quota. Holds past their
    /// <see cref="QuotaHold.Until"/> at <paramref name="now"/> no longer count.
    /// </summary>
    Task<QuotaCheck> TryHoldAsync(QuotaHold hold, QuotaLimits limits, DateTimeOffset now, CancellationToken ct = default);

    /// <summary>Gives a hold back: the provision failed, or its lease is stored and counts in its own right.</summary>
    Task ReleaseHoldAsync(QuotaHold hold, CancellationToken ct = default);
}
