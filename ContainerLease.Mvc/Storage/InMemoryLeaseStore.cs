using ContainerLease.Domain.Leases;
using ContainerLease.Domain.Ports;
using ContainerLease.Domain.Quota;

namespace ContainerLease.Mvc.Storage;

/// <summary>
/// The store when no Redis is configured: same rules, kept in this process, lost on restart
/// (the sweep still reaps containers from their labels).
/// </summary>
internal sealed class InMemoryLeaseStore : ILeaseStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<LeaseId, Lease> _leases = [];
    private readonly QuotaHoldBook _holds = new();

    public Task<bool> TryAddAsync(Lease lease, CancellationToken ct = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_leases.TryAdd(lease.Id, lease with { Version = 1 }));
        }
    }

    public Task<Lease?> GetAsync(LeaseId id, CancellationToken ct = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_leases.GetValueOrDefault(id));
        }
    }

    public Task<bool> TryUpdateAsync(Lease lease, CancellationToken ct = default)
    {
        lock (_gate)
        {
            if (!_leases.TryGetValue(lease.Id, out var stored) || stored.Version != lease.Version)
            {
                return Task.FromResult(false);
            }

            _leases[lease.Id] = lease with { Version = lease.Version + 1 };
            return Task.FromResult(true);
        }
    }

    public Task DeleteAsync(LeaseId id, CancellationToken ct = default)
    {
        lock (_gate)
        {
            _leases.Remove(id);
            return Task.CompletedTask;
        }
    }

    public Task<IReadOnlyList<Lease>> ListActiveByOwnerAsync(string owner, CancellationToken ct = default)
    {
        lock (_gate)
        {
            IReadOnlyList<Lease> mine = [.. _leases.Values.Where(l => l.Owner == owner && l.Status != LeaseStatus.Ended)];
            return Task.FromResult(mine);
        }
    }

    public Task<IReadOnlyList<Lease>> ListRecentlyEndedAsync(int take, string? owner, CancellationToken ct = default)
    {
        lock (_gate)
        {
            IReadOnlyList<Lease> ended = [.. _leases.Values
                .Where(l => l.Status == LeaseStatus.Ended && (owner is null || l.Owner == owner))
                .OrderByDescending(l => l.EndedAt)
                .Take(take)];
            return Task.FromResult(ended);
        }
    }

    public Task<LeasePage> ListActiveAsync(int skip, int take, CancellationToken ct = default)
    {
        lock (_gate)
        {
            // Linear, unlike Redis: acceptable for the single-process mode this store serves.
            var active = _leases.Values.Where(l => l.Status != LeaseStatus.Ended).OrderBy(l => l.ExpiresAt).ToList();
            return Task.FromResult(new LeasePage(active.Skip(skip).Take(take).ToList(), active.Count));
        }
    }

    public Task<QuotaCheck> TryHoldAsync(QuotaHold hold, QuotaLimits limits, DateTimeOffset now, CancellationToken ct = default)
    {
        lock (_gate)
        {
            IReadOnlyCollection<Lease> active = [.. _leases.Values.Where(l => l.Owner == hold.Owner && l.Status != LeaseStatus.Ended)];
            return Task.FromResult(_holds.TryHold(hold, limits, now, active));
        }
    }

    public Task ReleaseHoldAsync(QuotaHold hold, CancellationToken ct = default)
    {
        lock (_gate)
        {
            _holds.Release(hold);
            return Task.CompletedTask;
        }
    }
}
