using System.Collections.Concurrent;

namespace ContainerLease.Mvc.Auth.Sessions;

/// <summary>The sessions of an instance without Redis: as lasting as its leases, which is until it restarts.</summary>
internal sealed class InMemorySessionStore(TimeProvider time) : ISessionStore
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _until = new(StringComparer.Ordinal);

    public Task StartAsync(string sessionId, string user, TimeSpan lifetime, CancellationToken ct = default)
    {
        _until[sessionId] = time.GetUtcNow() + lifetime;
        return Task.CompletedTask;
    }

    public Task<bool> TouchAsync(string sessionId, TimeSpan lifetime, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        if (!_until.TryGetValue(sessionId, out var until) || until <= now)
        {
            _until.TryRemove(sessionId, out _);
            return Task.FromResult(false);
        }

        _until[sessionId] = now + lifetime;
        return Task.FromResult(true);
    }

    public Task<IReadOnlySet<string>> EndedAmongAsync(IReadOnlyCollection<string> sessionIds, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        IReadOnlySet<string> ended = sessionIds.Where(id => !_until.TryGetValue(id, out var until) || until <= now).ToHashSet(StringComparer.Ordinal);
        return Task.FromResult(ended);
    }

    public Task EndAsync(string sessionId, CancellationToken ct = default)
    {
        _until.TryRemove(sessionId, out _);
        return Task.CompletedTask;
    }
}
