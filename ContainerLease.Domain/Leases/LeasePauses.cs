using ContainerLease.Domain.Errors;
using ContainerLease.Domain.Ports;

namespace ContainerLease.Domain.Leases;

/// <summary>
/// Pausing a lease's container and resuming it. The lease is a hard deadline, so its clock runs on
/// while it is paused, and a paused lease is reaped at its expiry like any other. The engine is
/// asked first and the lease written after: a write that loses a race is simply tried again, and
/// asking the engine twice changes nothing.
/// </summary>
public sealed class LeasePauses(ILeaseStore store, IContainerPause engine, ILeaseEvents events, TimeProvider time)
{
    public Task<Lease> PauseAsync(LeaseId id, LeaseCaller caller, CancellationToken ct = default) =>
        ChangeAsync(id, caller, pause: true, ct);

    public Task<Lease> ResumeAsync(LeaseId id, LeaseCaller caller, CancellationToken ct = default) =>
        ChangeAsync(id, caller, pause: false, ct);

    private Task<Lease> ChangeAsync(LeaseId id, LeaseCaller caller, bool pause, CancellationToken ct) =>
        LeaseUpdates.UpdateAsync(store, id, pause ? "being paused" : "being resumed", async lease =>
        {
            if (lease is null || !caller.MaySee(lease))
            {
                throw new LeaseNotFoundException(id.Value);
            }

            if (lease.Status != LeaseStatus.Active)
            {
                throw new LeaseConflictException($"Lease {id} {lease.NotActive}; there is nothing to {(pause ? "pause" : "resume")}.");
            }

            if (lease.IsPaused == pause)
            {
                throw new LeaseConflictException(pause ? $"Lease {id} is already paused." : $"Lease {id} is not paused.");
            }

            var done = pause ? await engine.PauseAsync(lease.ContainerId, ct) : await engine.ResumeAsync(lease.ContainerId, ct);
            if (!done)
            {
                throw new LeaseConflictException($"The container of lease {id} is not on the engine any more.");
            }

            var now = LeaseClock.Now(time);
            var changed = (lease with { PausedAt = pause ? now : null })
                .Record(new LeaseEvent(now, pause ? LeaseEvent.Paused : LeaseEvent.Resumed, $"by {caller.Name}", caller.Name));
            return LeaseStep<Lease>.Write(changed, async stored =>
            {
                await events.ChangedAsync(stored, ct);
                return stored;
            });
        }, ct);
}
