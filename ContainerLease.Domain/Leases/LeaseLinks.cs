using ContainerLease.Domain.Errors;
using ContainerLease.Domain.Ports;

namespace ContainerLease.Domain.Leases;

/// <summary>
/// Revoking the links to a lease's ports (the share links, and the owner's own browser links):
/// the lease records when, and the port proxy refuses a link made at or before that moment
/// (<see cref="LeasePorts.OpenAsync"/>).
/// </summary>
public sealed class LeaseLinks(ILeaseStore store, ILeaseEvents events, TimeProvider time)
{
    /// <summary>
    /// Stops every link to the lease's ports made so far (shared ones, and the owner's own, which
    /// the owner's next visit makes anew); the lease and its container go on. Links made from now
    /// on work. Only the owner or an admin, only while the lease is active.
    /// </summary>
    public Task<Lease> RevokeAsync(LeaseId id, LeaseCaller caller, CancellationToken ct = default) =>
        LeaseUpdates.UpdateAsync(store, id, "revoking its links", lease =>
        {
            if (lease is null || !caller.MaySee(lease))
            {
                throw new LeaseNotFoundException(id.Value);
            }

            if (lease.Status != LeaseStatus.Active)
            {
                throw new LeaseConflictException($"Lease {id} {lease.NotActive}; its links stopped with it.");
            }

            var now = LeaseClock.Now(time);
            var changed = (lease with { LinksRevokedAt = now }).Record(new LeaseEvent(now, LeaseEvent.LinksRevoked, $"by {caller.Name}", caller.Name));
            return Task.FromResult(LeaseStep<Lease>.Write(changed, async stored =>
            {
                await events.ChangedAsync(stored, ct);
                return stored;
            }));
        }, ct);
}
