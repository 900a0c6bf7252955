using ContainerLease.Mvc.Storage;
using StackExchange.Redis;

namespace ContainerLease.Mvc.Auth.Sessions;

/// <summary>One key per session under the installation's prefix, expiring with the session, so every instance sees a sign-out.</summary>
internal sealed class RedisSessionStore(IConnectionMultiplexer redis, RedisKeys keys) : ISessionStore
{
    public Task StartAsync(string sessionId, string user, TimeSpan lifetime, CancellationToken ct = default) =>
        redis.GetDatabase().StringSetAsync(keys.Session(sessionId), user, lifetime);

    public Task<bool> TouchAsync(string sessionId, TimeSpan lifetime, CancellationToken ct = default) =>
        redis.GetDatabase().KeyExpireAsync(keys.Session(sessionId), lifetime);

    public async Task<IReadOnlySet<string>> EndedAmongAsync(IReadOnlyCollection<string> sessionIds, CancellationToken ct = default)
    {
        var db = redis.GetDatabase();
        var checks = sessionIds.Select(id => (Id: id, Live: db.KeyExistsAsync(keys.Session(id)))).ToList();
        await Task.WhenAll(checks.Select(c => c.Live));
        return checks.Where(c => !c.Live.Result).Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
    }

    public Task EndAsync(string sessionId, CancellationToken ct = default) => redis.GetDatabase().KeyDeleteAsync(keys.Session(sessionId));
}
