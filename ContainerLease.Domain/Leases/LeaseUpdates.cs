using ContainerLease.Domain.Errors;
using ContainerLease.Domain.Ports;

namespace ContainerLease.Domain.Leases;

/// <summary>What one round of <see cref="LeaseUpdates.UpdateAsync"/> decided.</summary>
internal readonly record struct LeaseStep<T>(T? Result, Lease? Next, Func<Lease, Task<T>>? Then, bool Again)
{
    /// <summary>Nothing to write: the update ends with this result.</summary>
    public static LeaseStep<T> Done(T result) => new(result, null, null, false);

    /// <summary>Write <paramref name="next"/> if nobody wrote since it was read, then go on with what was written.</summary>
    public static LeaseStep<T> Write(Lease next, Func<Lease, Task<T>> then) => new(default, next, then, false);

    /// <summary>Read the lease again and decide anew.</summary>
    public static LeaseStep<T> ReadAgain() => new(default, null, null, true);
}

/// <summary>
/// The one compare-and-set loop of every change to a stored lease: read it, decide, write the
/// decision only if the stored version is still the one read, and otherwise start over. Two
/// instances, or a job and a request, never overwrite each other's change.
/// </summary>
internal static class LeaseUpdates
{
    /// <summary>Rounds before giving up: only contention from many writers exhausts them.</summary>
    private const int MaxRounds = 10;

    /// <param name="doing">For the error when the rounds run out: "being extended", "expiring", ...</param>
    public static async Task<T> UpdateAsync<T>(ILeaseStore store, LeaseId id, string doing, Func<Lease?, Task<LeaseStep<T>>> decide, CancellationToken ct)
    {
        for (var round = 0; round < MaxRounds; round++)
        {
            var step = await decide(await store.GetAsync(id, ct));
            if (step.Again)
            {
                continue;
            }

            if (step.Next is not { } next)
            {
                return step.Result!;
            }

            if (await store.TryUpdateAsync(next, ct))
            {
                return await step.Then!(next with { Version = next.Version + 1 });
            }
        }

        throw new LeaseConflictException($"Lease {id} changed too often while {doing}; try again.");
    }
}
