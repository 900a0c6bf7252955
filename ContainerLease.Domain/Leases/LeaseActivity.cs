using System.Collections.Concurrent;
using ContainerLease.Domain.Errors;
using ContainerLease.Domain.Logging;
using ContainerLease.Domain.Ports;
using Microsoft.Extensions.Logging;

namespace ContainerLease.Domain.Leases;

/// <summary>
/// The one place that hears of activity in a lease: terminal input, a command, a file copy, an
/// extension, <c>POST /api/leases/{id}/touch</c>, and (later) a request through the port proxy. A
/// log viewer that is merely open is not activity. Cheap enough for every request: each instance
/// writes a lease's <see cref="Lease.LastActivityAt"/> at most once per <see cref="WriteEvery"/>, and
/// a failed write is logged, never thrown into what was being done.
/// </summary>
public sealed class LeaseActivity(ILeaseStore store, TimeProvider time, ILogger<LeaseActivity> logger)
{
    public static readonly TimeSpan WriteEvery = TimeSpan.FromSeconds(5);

    /// <summary>Past this many remembered leases, those not written within <see cref="WriteEvery"/> are forgotten.</summary>
    private const int Remembered = 10_000;

    private readonly ConcurrentDictionary<LeaseId, DateTimeOffset> _written = new();

    /// <summary>Notes activity in a lease its caller may already act on (the access check is the caller's).</summary>
    public async Task NoteAsync(LeaseId id, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        if (_written.TryGetValue(id, out var last) && now - last < WriteEvery)
        {
            return;
        }

        _written[id] = now;
        Forget(now);
        try
        {
            await WriteAsync(id, now - WriteEvery, ct);
        }
        catch (DomainException ex)
        {
            DomainLog.ActivityNotWritten(logger, ex, id.Value);
        }
    }

    /// <summary>
    /// <c>POST /api/leases/{id}/touch</c>: activity said in so many words, by a script that keeps a
    /// lease it uses alive. Written at once; another user's lease is unknown, an ended one a conflict.
    /// </summary>
    public async Task<Lease> TouchAsync(LeaseId id, LeaseCaller caller, CancellationToken ct = default)
    {
        if (await store.GetAsync(id, ct) is not { } lease || !caller.MaySee(lease))
        {
            throw new LeaseNotFoundException(id.Value);
        }

        if (lease.Status != LeaseStatus.Active)
        {
            throw new LeaseConflictException($"Lease {id} {lease.NotActive}; there is nothing to keep alive.");
        }

        _written[id] = time.GetUtcNow();
        return await WriteAsync(id, recentEnough: null, ct) ?? throw new LeaseConflictException($"Lease {id} has ended; there is nothing to keep alive.");
    }

    /// <summary>Writes now as the lease's last activity, unless another writer noted some after <paramref name="recentEnough"/>.</summary>
    private Task<Lease?> WriteAsync(LeaseId id, DateTimeOffset? recentEnough, CancellationToken ct) =>
        LeaseUpdates.UpdateAsync(store, id, "noting activity", lease =>
        {
            var now = LeaseClock.Now(time);
            if (lease is null || lease.Status != LeaseStatus.Active)
            {
                return Task.FromResult(LeaseStep<Lease?>.Done(null));
            }

            return Task.FromResult(recentEnough is { } recent && lease.LastActivityAt > recent
                ? LeaseStep<Lease?>.Done(lease)
                : LeaseStep<Lease?>.Write(lease with { LastActivityAt = now }, stored => Task.FromResult<Lease?>(stored)));
        }, ct);

    private void Forget(DateTimeOffset now)
    {
        if (_written.Count <= Remembered)
        {
            return;
        }

        foreach (var (id, at) in _written)
        {
            if (now - at >= WriteEvery)
            {
                _written.TryRemove(id, out _);
            }
        }
    }
}
