using ContainerLease.Domain.Logging;
using ContainerLease.Domain.Ports;
using ContainerLease.Domain.Errors;
using Microsoft.Extensions.Logging;

namespace ContainerLease.Domain.Leases;

/// <summary>
/// Every way a lease ends: terminated by its owner, expired by its job or the sweep, or gone
/// behind the app's back. Each first marks the lease ending, then removes its container and
/// records the end, so a crash in between is finished by whoever comes next. All are idempotent.
/// </summary>
public sealed class LeaseEndings(
    IContainerRuntime runtime,
    ILeaseStore store,
    ILeaseEvents events,
    TimeProvider time,
    ILogger<LeaseEndings> logger)
{
    /// <summary>A job this close to its due time waits rather than scheduling itself again.</summary>
    private static readonly TimeSpan EarlyWaitLimit = TimeSpan.FromSeconds(5);

    /// <summary>Ends a lease now. Ending one that has already ended changes nothing.</summary>
    public Task<Lease> TerminateAsync(LeaseId id, LeaseCaller caller, CancellationToken ct = default) =>
        LeaseUpdates.UpdateAsync(store, id, "being terminated", async lease =>
        {
            if (lease is null || !caller.MaySee(lease))
            {
                throw new LeaseNotFoundException(id.Value);
            }

            return lease.Status switch
            {
                LeaseStatus.Ended => LeaseStep<Lease>.Done(lease),
                LeaseStatus.Ending => LeaseStep<Lease>.Done(await FinishAsync(lease, ct, caller.Name)),
                _ => LeaseStep<Lease>.Write(lease.BeginEnding(EndReason.Terminated), ending => FinishAsync(ending, ct, caller.Name)),
            };
        }, ct);

    /// <summary>
    /// The expiry job's work. Idempotent: a lease already ended or missing, or a container already
    /// gone, is a success; a lease extended since <paramref name="scheduledFor"/> is left alone.
    /// Failures to reach the engine throw, so the job is retried.
    /// </summary>
    public Task<ExpireOutcome> ExpireAsync(LeaseId id, DateTimeOffset scheduledFor, CancellationToken ct = default) =>
        LeaseUpdates.UpdateAsync(store, id, "expiring", async lease =>
        {
            if (lease is null || lease.Status == LeaseStatus.Ended)
            {
                return LeaseStep<ExpireOutcome>.Done(ExpireOutcome.AlreadyEnded);
            }

            if (lease.Status == LeaseStatus.Ending)
            {
                await FinishAsync(lease, ct);
                return LeaseStep<ExpireOutcome>.Done(ExpireOutcome.Expired);
            }

            if (lease.ExpiresAt != scheduledFor)
            {
                return LeaseStep<ExpireOutcome>.Done(ExpireOutcome.Stale);
            }

            var early = lease.ExpiresAt - time.GetUtcNow();
            if (early > EarlyWaitLimit)
            {
                return LeaseStep<ExpireOutcome>.Done(ExpireOutcome.NotYetDue);
            }

            if (early > TimeSpan.Zero)
            {
                // The job starts early on purpose (the scheduler polls, and is given a lead to cover it).
                // A real timer counts whole milliseconds and fires at once for less than one, which
                // would spend the rounds in a spin: wait at least up to the next millisecond.
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Ceiling(early.TotalMilliseconds)), time, ct);
                return LeaseStep<ExpireOutcome>.ReadAgain();
            }

            return LeaseStep<ExpireOutcome>.Write(lease.BeginEnding(EndReason.Expired), async ending =>
            {
                await FinishAsync(ending, ct);
                return ExpireOutcome.Expired;
            });
        }, ct);

    /// <summary>Ends a lease whose container disappeared behind the app's back. An ending lease is finished as it was.</summary>
    public Task MarkGoneAsync(LeaseId id, CancellationToken ct = default) => EndBySystemAsync(id, EndReason.Gone, ct);

    /// <summary>Ends a lease whose container the runtime reports lost, <paramref name="why"/> going into its history; what is left of the container is removed.</summary>
    public Task MarkGoneAsync(LeaseId id, string why, CancellationToken ct = default) => EndBySystemAsync(id, EndReason.Gone, ct, detail: why);

    /// <summary>Ends a lease whose container wrote more than its entry's disk limit. An ending lease is finished as it was.</summary>
    public Task EndForDiskAsync(LeaseId id, CancellationToken ct = default) => EndBySystemAsync(id, EndReason.DiskLimit, ct);

    /// <summary>
    /// Ends a lease that has gone <paramref name="timeout"/> without activity, checked on the lease as
    /// written, so activity noted meanwhile keeps it. False when it is not (or no longer) idle that long.
    /// </summary>
    public Task<bool> EndIdleAsync(LeaseId id, TimeSpan timeout, CancellationToken ct = default) =>
        EndBySystemAsync(id, EndReason.Idle, ct, lease => lease.IdleDeadline(timeout) <= time.GetUtcNow());

    /// <param name="due">Whether an active lease is to end now; null, always.</param>
    /// <param name="detail">For the history's end entry, when the lease is ended here (not when it was already ending).</param>
    private Task<bool> EndBySystemAsync(LeaseId id, EndReason reason, CancellationToken ct, Func<Lease, bool>? due = null, string? detail = null) =>
        LeaseUpdates.UpdateAsync(store, id, $"ending ({reason.Name()})", async lease =>
        {
            switch (lease?.Status)
            {
                case null or LeaseStatus.Ended:
                    return LeaseStep<bool>.Done(false);
                case LeaseStatus.Active when due is not null && !due(lease):
                    return LeaseStep<bool>.Done(false);
                case LeaseStatus.Ending:
                    await FinishAsync(lease, ct);
                    return LeaseStep<bool>.Done(true);
                default:
                    return LeaseStep<bool>.Write(lease.BeginEnding(reason), async ending =>
                    {
                        await FinishAsync(ending, ct, detail: detail);
                        return true;
                    });
            }
        }, ct);

    /// <summary>
    /// Ends a lease whose image could not be pulled, with the reason in its history. It has no
    /// container to remove; a lease no longer waiting for its pull (terminated, or started) is left alone.
    /// </summary>
    public Task<bool> EndPullFailedAsync(LeaseId id, string why, CancellationToken ct = default) =>
        LeaseUpdates.UpdateAsync(store, id, "ending (pull-failed)", lease => Task.FromResult(lease is not { Status: LeaseStatus.Pulling }
            ? LeaseStep<bool>.Done(false)
            : LeaseStep<bool>.Write(lease.BeginEnding(EndReason.PullFailed).Finish(LeaseClock.Now(time), detail: why), async ended =>
            {
                DomainLog.Ended(logger, ended.Id.Value, ended.ContainerId, EndReason.PullFailed, false);
                await events.ChangedAsync(ended, ct);
                return true;
            })), ct);

    /// <summary>Ends a lease whose pull outlasted <paramref name="timeout"/> from its request (its job's deadline, or the sweep's backstop), saying so.</summary>
    public Task<bool> EndPullTimedOutAsync(LeaseId id, TimeSpan timeout, CancellationToken ct = default) =>
        EndPullFailedAsync(id, $"The image was not pulled within {Policy.DurationPolicy.Describe(timeout)} of the request.", ct);

    /// <summary>
    /// Writes a failed reap into the lease's history, so that it shows why the container is still
    /// there. Best effort: under heavy contention the entry is skipped, never the retry it describes.
    /// </summary>
    public async Task RecordReapFailureAsync(LeaseId id, int attempt, string error, CancellationToken ct = default)
    {
        try
        {
            await LeaseUpdates.UpdateAsync(store, id, "recording a failed reap", lease =>
                Task.FromResult(lease is null || lease.Status == LeaseStatus.Ended
                    ? LeaseStep<bool>.Done(false)
                    : LeaseStep<bool>.Write(
                        lease.Record(new LeaseEvent(LeaseClock.Now(time), LeaseEvent.ReapFailed, $"attempt {attempt}: {error}")),
                        async stored =>
                        {
                            await events.ChangedAsync(stored, ct);
                            return true;
                        })),
                ct);
        }
        catch (LeaseConflictException)
        {
            // Ten writers in a row won: the job's own retry goes on regardless.
        }
    }

    /// <summary>
    /// Removes the container of an ending lease and records the end. Safe to repeat. The end is
    /// written onto the lease as it is then, so an entry another writer added to its history
    /// meanwhile (a terminal that closed with the container, a command's record) is kept, and
    /// a lease someone else has finished meanwhile keeps their record.
    /// </summary>
    /// <param name="by">The user ending it, for its history; null when the app ends it.</param>
    /// <param name="detail">Why, for the history's end entry; null when the reason says it all.</param>
    private async Task<Lease> FinishAsync(Lease ending, CancellationToken ct, string? by = null, string? detail = null)
    {
        // A lease that ends while it waits for its image pull has no container yet.
        var removed = ending.ContainerId.Length > 0 && await runtime.RemoveAsync(ending.ContainerId, ct);
        return await LeaseUpdates.UpdateAsync(store, ending.Id, "ending", lease =>
        {
            if (lease is null)
            {
                throw new LeaseNotFoundException(ending.Id.Value);
            }

            if (lease.Status != LeaseStatus.Ending)
            {
                return Task.FromResult(LeaseStep<Lease>.Done(lease));
            }

            return Task.FromResult(LeaseStep<Lease>.Write(lease.Finish(LeaseClock.Now(time), lease.EndReason == EndReason.Terminated ? by : null, detail), async ended =>
            {
                DomainLog.Ended(logger, ended.Id.Value, ended.ContainerId, ended.EndReason ?? EndReason.Expired, removed);
                await events.ChangedAsync(ended, ct);
                return ended;
            }));
        }, ct);
    }
}
