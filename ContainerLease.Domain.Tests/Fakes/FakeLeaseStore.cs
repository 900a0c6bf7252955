using ContainerLease.Domain.Leases;
using ContainerLease.Domain.Ports;
using ContainerLease.Domain.Quota;

namespace ContainerLease.Domain.Tests.Fakes;

/// <summary>
/// An in-memory lease store with the port's compare-and-set semantics: <see cref="TryAddAsync"/> stores
/// version 1; <see cref="TryUpdateAsync"/> succeeds only while the stored version equals the lease's
/// and then stores the next version.
/// </summary>
public sealed class FakeLeaseStore : ILeaseStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<LeaseId, Lease> _leases = [];
    private readonly QuotaHoldBook _holds = new();

    /// <summary>Thrown by <see cref="TryAddAsync"/> when set.</summary>
    public Exception? AddFailure { get; set; }

    /// <summary>Runs at the start of every <see cref="TryUpdateAsync"/>, before the compare: lets a test play a concurrent writer.</summary>
    public Action<Lease>? BeforeUpdate { get; set; }

    public int AddCalls { get; private set; }

    /// <summary>Every lease written by a successful update, as stored (with its new version).</summary>
    public List<Lease> Updates { get; } = [];

    public List<LeaseId> Deleted { get; } = [];

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _leases.Count;
            }
        }
    }

    /// <summary>Quota holds taken and not yet given back.</summary>
    public int HoldCount
    {
        get
        {
            lock (_gate)
            {
                return _holds.Count;
            }
        }
    }

    public Lease? Find(LeaseId id)
    {
        lock (_gate)
        {
            return _leases.GetValueOrDefault(id);
        }
    }

    /// <summary>Puts a lease in as it is, version included, bypassing compare-and-set.</summary>
    public void Seed(Lease lease)
    {
        lock (_gate)
        {
            _leases[lease.Id] = lease;
        }
    }

    public Task<bool> TryAddAsync(Lease lease, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        AddCalls++;
        if (AddFailure is { } failure)
        {
            throw failure;
        }

        lock (_gate)
        {
            return Task.FromResult(_leases.TryAdd(lease.Id, lease with { Version = 1 }));
        }
    }

    public Task<Lease?> GetAsync(LeaseId id, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        return Task.FromResult(Find(id));
    }

    public Task<bool> TryUpdateAsync(Lease lease, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        BeforeUpdate?.Invoke(lease);
        lock (_gate)
        {
            if (!_leases.TryGetValue(lease.Id, out var stored) || stored.Version != lease.Version)
            {
                return Task.FromResult(false);
            }

            var next = lease with { Version = lease.Version + 1 };
            _leases[lease.Id] = next;
            Updates.Add(next);
            return Task.FromResult(true);
        }
    }

    public Task DeleteAsync(LeaseId id, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        lock (_gate)
        {
            _leases.Remove(id);
            Deleted.Add(id);
        }

        return Task.CompletedTask;
    }

    public Task<LeasePage> ListActiveAsync(int skip, int take, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var active = _leases.Values.Where(l => l.Status != LeaseStatus.Ended).OrderBy(l => l.ExpiresAt).ToList();
            return Task.FromResult(new LeasePage(active.Skip(skip).Take(take).ToList(), active.Count));
        }
    }

    public Task<IReadOnlyList<Lease>> ListRecentlyEndedAsync(int take, string? owner, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        lock (_gate)
        {
            IReadOnlyList<Lease> ended = [.. _leases.Values
                .Where(l => l.Status == LeaseStatus.Ended && (owner is null || l.Owner == owner))
                .OrderByDescending(l => l.EndedAt)
                .Take(take)];
            return Task.FromResult(ended);
        }
    }

    public Task<IReadOnlyList<Lease>> ListActiveByOwnerAsync(string owner, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        lock (_gate)
        {
            IReadOnlyList<Lease> mine = [.. _leases.Values.Where(l => l.Owner == owner && l.Status != LeaseStatus.Ended)];
            return Task.FromResult(mine);
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
