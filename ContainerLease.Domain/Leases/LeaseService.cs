using ContainerLease.Domain.Errors;
using ContainerLease.Domain.Logging;
using ContainerLease.Domain.Policy;
using ContainerLease.Domain.Ports;
using Microsoft.Extensions.Logging;

namespace ContainerLease.Domain.Leases;

/// <summary>
/// Reading leases as a caller may see them, and extending one. Provisioning is
/// <see cref="LeaseProvisioner"/>'s, every way of ending <see cref="LeaseEndings"/>'s.
/// </summary>
public sealed class LeaseService(
    DurationPolicy policy,
    ILeaseStore store,
    IExpiryScheduler scheduler,
    ILeaseEvents events,
    IContainerRuntime runtime,
    TimeProvider time,
    ILogger<LeaseService> logger)
{
    /// <summary>A lease the caller may see; another user's lease is as unknown as a missing one.</summary>
    public async Task<Lease> GetAsync(LeaseId id, LeaseCaller caller, CancellationToken ct = default) =>
        await store.GetAsync(id, ct) is { } lease && caller.MaySee(lease) ? lease : throw new LeaseNotFoundException(id.Value);

    /// <summary>
    /// The active leases the caller may see, soonest expiry first. A user's own leases are few
    /// (the quota bounds them), so they are read whole and paged here; an admin's list is paged by the store.
    /// </summary>
    public async Task<LeasePage> ListActiveAsync(LeaseCaller caller, int skip, int take, CancellationToken ct = default)
    {
        if (caller.IsAdmin)
        {
            return await store.ListActiveAsync(skip, take, ct);
        }

        var mine = await store.ListActiveByOwnerAsync(caller.Name, ct);
        return new LeasePage([.. mine.OrderBy(l => l.ExpiresAt).ThenBy(l => l.Id.Value, StringComparer.Ordinal).Skip(skip).Take(take)], mine.Count);
    }

    public Task<IReadOnlyList<Lease>> ListRecentlyEndedAsync(LeaseCaller caller, int take, CancellationToken ct = default) =>
        store.ListRecentlyEndedAsync(take, caller.IsAdmin ? null : caller.Name, ct);

    public Task<Lease> ExtendAsync(LeaseId id, TimeSpan extension, LeaseCaller caller, CancellationToken ct = default) =>
        LeaseUpdates.UpdateAsync(store, id, "being extended", async lease =>
        {
            if (lease is null || !caller.MaySee(lease))
            {
                throw new LeaseNotFoundException(id.Value);
            }

            if (lease.Status != LeaseStatus.Active || lease.ExpiresAt <= time.GetUtcNow())
            {
                throw new LeaseConflictException(lease.Status == LeaseStatus.Pulling
                    ? $"Lease {id} is waiting for its image to be pulled; its clock has not started, so there is nothing to extend yet."
                    : $"Lease {id} has {(lease.Status == LeaseStatus.Active ? "expired" : "ended")} and can no longer be extended.");
            }

            var newExpiry = policy.ExtendedExpiry(lease.CreatedAt, lease.ExpiresAt, extension);
            // An extension is activity too: the idle clock starts again with it.
            var extended = (lease with { ExpiresAt = newExpiry, LastActivityAt = LeaseClock.Now(time) })
                .Record(new LeaseEvent(LeaseClock.Now(time), LeaseEvent.Extended, $"by {DurationPolicy.Describe(extension)}, from {lease.ExpiresAt:o} to {newExpiry:o}", caller.Name));

            // The new job goes first: if storing the new expiry then fails, an extra job finds the
            // lease unchanged and does nothing, whereas the other order would leave no job at the new time.
            await scheduler.ScheduleAsync(id, extended.ExpiresAt, ct);
            return LeaseStep<Lease>.Write(extended, async stored =>
            {
                DomainLog.Extended(logger, id.Value, lease.ExpiresAt, stored.ExpiresAt);
                await RenameAsync(stored, ct);
                await events.ChangedAsync(stored, ct);
                return stored;
            });
        }, ct);

    /// <summary>
    /// The container's name carries the new expiry (see <see cref="LeaseName"/>), so a Redis loss
    /// after an extension does not reap the lease at its first expiry. The extension stands if the
    /// engine does not answer now: the sweep renames what it finds behind its lease.
    /// </summary>
    private async Task RenameAsync(Lease lease, CancellationToken ct)
    {
        try
        {
            await runtime.RenameAsync(lease.ContainerId, LeaseName.For(lease), ct);
        }
        catch (DependencyUnavailableException ex)
        {
            DomainLog.RenameDeferred(logger, ex, lease.Id.Value);
        }
    }
}
