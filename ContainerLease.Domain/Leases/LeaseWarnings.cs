using ContainerLease.Domain.Logging;
using ContainerLease.Domain.Policy;
using ContainerLease.Domain.Ports;
using Microsoft.Extensions.Logging;

namespace ContainerLease.Domain.Leases;

/// <summary>What one warning job found.</summary>
public enum WarnOutcome
{
    /// <summary>The warning was written into the lease and told to its pages and webhooks.</summary>
    Warned,

    /// <summary>The lease has ended, or is gone.</summary>
    Ended,

    /// <summary>The lease's deadline moved (an extension): the new deadline has its own warnings.</summary>
    Stale,

    /// <summary>This warning, or a later one of the same deadline, was sent already (the job ran twice, or late).</summary>
    AlreadyWarned,
}

/// <summary>
/// Warnings before a lease's expiry, at each of <see cref="LeaseOptions.Warnings"/>: one delayed
/// job per warning, armed wherever the expiry is scheduled, each sent once per deadline. An
/// extension moves the deadline, so the jobs of the old one find it stale and the new one's are
/// armed; a warning whose moment has already passed is not armed at all.
/// </summary>
public sealed class LeaseWarnings(LeaseOptions options, ILeaseStore store, ILeaseEvents events, TimeProvider time, ILogger<LeaseWarnings> logger)
{
    /// <summary>The lead times still ahead for a lease that expires at <paramref name="deadline"/>: a lease shorter than a lead gets no warning for it.</summary>
    public IReadOnlyList<TimeSpan> LeadsAhead(DateTimeOffset deadline)
    {
        var now = time.GetUtcNow();
        return [.. options.Warnings.Where(lead => deadline - lead > now)];
    }

    /// <summary>
    /// The job's work: writes the warning into the lease (its history and the moment warned, in one
    /// compare-and-set, so two runs cannot both send it), then tells pages, webhooks and the audit log.
    /// </summary>
    public Task<WarnOutcome> WarnAsync(LeaseId id, DateTimeOffset deadline, TimeSpan lead, CancellationToken ct = default) =>
        LeaseUpdates.UpdateAsync(store, id, "being warned of its expiry", lease =>
        {
            var moment = deadline - lead;
            var now = LeaseClock.Now(time);
            if (lease is null || lease.Status != LeaseStatus.Active || now >= deadline)
            {
                return Task.FromResult(LeaseStep<WarnOutcome>.Done(WarnOutcome.Ended));
            }

            if (lease.ExpiresAt != deadline)
            {
                return Task.FromResult(LeaseStep<WarnOutcome>.Done(WarnOutcome.Stale));
            }

            if (lease.WarnedBefore >= moment)
            {
                return Task.FromResult(LeaseStep<WarnOutcome>.Done(WarnOutcome.AlreadyWarned));
            }

            var warned = (lease with { WarnedBefore = moment })
                .Record(new LeaseEvent(now, LeaseEvent.Expiring, $"{DurationPolicy.Describe(lead)} before its expiry at {deadline:o}"));
            return Task.FromResult(LeaseStep<WarnOutcome>.Write(warned, async stored =>
            {
                DomainLog.Warned(logger, id.Value, deadline, lead);
                await events.ChangedAsync(stored, ct);
                return WarnOutcome.Warned;
            }));
        }, ct);
}
