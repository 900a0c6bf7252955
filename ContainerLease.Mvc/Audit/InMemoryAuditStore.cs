namespace ContainerLease.Mvc.Audit;

/// <summary>The audit log when no Redis is configured: the same ids and trimming, kept in this process and lost on restart.</summary>
internal sealed class InMemoryAuditStore(TimeProvider time) : IAuditStore
{
    private readonly Lock _gate = new();
    private readonly List<AuditEntry> _entries = [];
    private long _lastMs;
    private long _lastSequence;

    public Task<AuditEntry> AppendAsync(NewAuditEntry entry, DateTimeOffset keepFrom, CancellationToken ct = default)
    {
        lock (_gate)
        {
            var ms = time.GetUtcNow().ToUnixTimeMilliseconds();
            (_lastMs, _lastSequence) = ms > _lastMs ? (ms, 0) : (_lastMs, _lastSequence + 1);
            var stored = entry.WithId(AuditIds.Of(_lastMs, _lastSequence));
            _entries.Add(stored);
            var keepMs = keepFrom.ToUnixTimeMilliseconds();
            var old = _entries.FindIndex(e => MsOf(e) >= keepMs);
            _entries.RemoveRange(0, old < 0 ? _entries.Count : old);
            return Task.FromResult(stored);
        }
    }

    public Task<IReadOnlyList<AuditEntry>> ReadBackwardsAsync(string? before, DateTimeOffset? since, DateTimeOffset? until, int count, CancellationToken ct = default)
    {
        var newest = AuditIds.PartsOf(before);
        var fromMs = since?.ToUnixTimeMilliseconds() ?? long.MinValue;
        var toMs = until?.ToUnixTimeMilliseconds() ?? long.MaxValue;
        lock (_gate)
        {
            IReadOnlyList<AuditEntry> page = [.. Enumerable.Reverse(_entries)
                .Where(e => before is null || AuditIds.PartsOf(e.Id).CompareTo(newest) < 0)
                .Where(e => MsOf(e) >= fromMs && MsOf(e) <= toMs)
                .Take(count)];
            return Task.FromResult(page);
        }
    }

    private static long MsOf(AuditEntry entry) => AuditIds.PartsOf(entry.Id).Ms;
}
