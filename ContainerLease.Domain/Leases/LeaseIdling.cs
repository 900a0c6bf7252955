using ContainerLease.Domain.Catalog;
using ContainerLease.Domain.Logging;
using ContainerLease.Domain.Policy;
using ContainerLease.Domain.Ports;
using Microsoft.Extensions.Logging;

namespace ContainerLease.Domain.Leases;

/// <summary>What the idle check found in one lease.</summary>
public enum IdleOutcome
{
    /// <summary>Its entry has no idle limit, it has ended, or its expiry comes before its idle deadline.</summary>
    NoLimit,

    /// <summary>Used recently enough; nothing to say yet.</summary>
    InUse,

    /// <summary>An idle warning was written into it and told to its pages and webhooks.</summary>
    Warned,

    /// <summary>It ended with the reason <c>idle</c>, its container removed.</summary>
    Ended,
}

/// <summary>
/// The idle policy (<see cref="CatalogImage.IdleTimeout"/>): a lease with no activity for its entry's
/// timeout ends with the reason <c>idle</c>, after the warnings of <see cref="LeaseOptions.Warnings"/>
/// before that moment. Checked by every sweep, so a deadline is kept to within one
/// <c>Leases:SweepInterval</c>; activity moves the deadline, which re-arms the warnings. Each warning
/// goes out once per deadline (the lease records the last one in the same write), and the end goes
/// through <see cref="LeaseEndings"/> like an expiry, checked again on the lease as written.
/// </summary>
public sealed class LeaseIdling(ImageCatalog catalog, LeaseOptions options, LeaseEndings endings, ILeaseStore store, ILeaseEvents events, TimeProvider time, ILogger<LeaseIdling> logger)
{
    /// <summary>The idle limit of a lease's catalog entry; null for none.</summary>
    public TimeSpan? TimeoutOf(Lease lease) => catalog.Find(lease.ImageType)?.IdleTimeout;

    /// <summary>When an active lease ends idle if nothing happens in it before; null when it has no limit or expires first.</summary>
    public DateTimeOffset? EndsIdleAt(Lease lease) => lease.EndsIdleAt(TimeoutOf(lease));

    /// <summary>The sweep's check of one lease: ends it if idle past its limit, else warns it if a warning is due and not yet sent.</summary>
    public async Task<IdleOutcome> CheckAsync(Lease lease, CancellationToken ct = default)
    {
        if (EndsIdleAt(lease) is not { } deadline || TimeoutOf(lease) is not { } timeout)
        {
            return IdleOutcome.NoLimit;
        }

        var now = time.GetUtcNow();
        if (deadline <= now)
        {
            return await endings.EndIdleAsync(lease.Id, timeout, ct) ? IdleOutcome.Ended : IdleOutcome.InUse;
        }

        return DueLead(lease, timeout, now) is null ? IdleOutcome.InUse : await WarnAsync(lease.Id, ct);
    }

    /// <summary>
    /// The shortest lead whose moment has passed, unless a warning at or after that moment was sent
    /// for this deadline. A lead as long as the timeout itself is never due (as with an expiry, a
    /// lease shorter than a warning's lead gets no warning for it).
    /// </summary>
    private TimeSpan? DueLead(Lease lease, TimeSpan timeout, DateTimeOffset now)
    {
        var deadline = lease.IdleDeadline(timeout);
        var due = options.Warnings.Where(lead => lead < timeout && deadline - lead <= now).ToList();
        return due.Count > 0 && !(lease.IdleWarnedBefore >= deadline - due[^1]) ? due[^1] : null;
    }

    private Task<IdleOutcome> WarnAsync(LeaseId id, CancellationToken ct) =>
        LeaseUpdates.UpdateAsync(store, id, "being warned it is idle", lease =>
        {
            var now = LeaseClock.Now(time);
            if (lease is null || EndsIdleAt(lease) is not { } deadline || TimeoutOf(lease) is not { } timeout)
            {
                return Task.FromResult(LeaseStep<IdleOutcome>.Done(IdleOutcome.NoLimit));
            }

            if (deadline <= now || DueLead(lease, timeout, now) is not { } lead)
            {
                return Task.FromResult(LeaseStep<IdleOutcome>.Done(IdleOutcome.InUse));
            }

            var warned = (lease with { IdleWarnedBefore = deadline - lead })
                .Record(new LeaseEvent(now, LeaseEvent.IdleWarning, $"idle for {DurationPolicy.Describe(lease.IdleAt(now))}; ends idle at {deadline:o} unless used"));
            return Task.FromResult(LeaseStep<IdleOutcome>.Write(warned, async stored =>
            {
                DomainLog.WarnedIdle(logger, id.Value, deadline, lead);
                await events.ChangedAsync(stored, ct);
                return IdleOutcome.Warned;
            }));
        }, ct);
}
