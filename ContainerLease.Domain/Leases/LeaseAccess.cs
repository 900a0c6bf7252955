using ContainerLease.Domain.Errors;
using ContainerLease.Domain.Ports;

namespace ContainerLease.Domain.Leases;

/// <summary>
/// The one check that every action on a lease's container goes through (logs today; terminal,
/// exec, files, stats, pause and the port proxy later): the caller is the owner or an admin, the
/// lease is active, and its container is on the engine with this installation's labels. Another
/// user's lease answers exactly as a missing one, and no request ever names a container itself.
/// </summary>
public sealed class LeaseAccess(ILeaseStore store, IContainerRuntime runtime)
{
    /// <summary>The lease whose container the caller may act on; a clear error for anything else, a paused container included.</summary>
    public Task<Lease> OpenAsync(string leaseId, LeaseCaller caller, CancellationToken ct = default) =>
        OpenAsync(leaseId, caller, whilePaused: false, ct);

    /// <param name="whilePaused">
    /// True for what only watches (its log, its usage), which waits out a pause; false for what
    /// acts in the container (a terminal, a command, files), which a paused container cannot do.
    /// </param>
    public async Task<Lease> OpenAsync(string leaseId, LeaseCaller caller, bool whilePaused, CancellationToken ct = default)
    {
        if (!LeaseId.TryParse(leaseId, out var id) || await store.GetAsync(id, ct) is not { } lease || !caller.MaySee(lease))
        {
            throw new LeaseNotFoundException(leaseId);
        }

        if (lease.Status != LeaseStatus.Active)
        {
            throw new LeaseConflictException(lease.Status == LeaseStatus.Pulling
                ? $"Lease {leaseId} is waiting for its image to be pulled; its container has not started yet."
                : $"Lease {leaseId} has ended; its container is gone.");
        }

        if (lease.IsPaused && !whilePaused)
        {
            throw new LeaseConflictException($"Lease {leaseId} is paused; resume it first.");
        }

        if (!await runtime.IsManagedAsync(lease.ContainerId, ct))
        {
            throw new LeaseConflictException($"The container of lease {leaseId} is not on the engine any more, or not managed by this installation.");
        }

        return lease;
    }
}
