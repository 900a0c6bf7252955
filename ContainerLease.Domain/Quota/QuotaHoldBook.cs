using ContainerLease.Domain.Leases;

namespace ContainerLease.Domain.Quota;

/// <summary>
/// The holds of a store that keeps everything in one process. Not thread-safe: the store calls
/// it under the same lock as its leases, which is what makes the check and the hold one step.
/// </summary>
public sealed class QuotaHoldBook
{
    private readonly Dictionary<LeaseId, QuotaHold> _holds = [];

    public int Count => _holds.Count;

    /// <param name="ownersActive">The owner's active (and ending) leases, as stored now.</param>
    public QuotaCheck TryHold(QuotaHold hold, QuotaLimits limits, DateTimeOffset now, IReadOnlyCollection<Lease> ownersActive)
    {
        foreach (var lapsed in _holds.Values.Where(h => h.Until <= now).ToList())
        {
            _holds.Remove(lapsed.LeaseId);
        }

        var stored = ownersActive.Select(l => l.Id).ToHashSet();
        var pending = _holds.Values.Where(h => h.Owner == hold.Owner && !stored.Contains(h.LeaseId)).ToList();
        var count = ownersActive.Count + pending.Count;
        var memory = ownersActive.Sum(l => limits.MemoryMbByImage.GetValueOrDefault(l.ImageType)) + pending.Sum(h => h.MemoryMb);
        var held = count + 1 <= limits.MaxActive && memory + hold.MemoryMb <= limits.MaxMemoryMb;
        if (held)
        {
            _holds[hold.LeaseId] = hold;
        }

        return new QuotaCheck(held, count, memory);
    }

    public void Release(QuotaHold hold) => _holds.Remove(hold.LeaseId);
}
