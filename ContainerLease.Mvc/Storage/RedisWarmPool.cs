using ContainerLease.Domain.Ports;
using StackExchange.Redis;

namespace ContainerLease.Mvc.Storage;

/// <summary>One Redis set per entry; SPOP takes a member atomically, so no two claims get the same.</summary>
internal sealed class RedisWarmPool(IConnectionMultiplexer redis, RedisKeys keys) : IWarmPool
{
    private IDatabase Db => redis.GetDatabase();

    public Task<string?> TakeAsync(string imageType, CancellationToken ct = default) =>
        RedisLeaseStore.CallAsync(async () => (string?)await Db.SetPopAsync(keys.Pool(imageType)));

    public Task AddAsync(string imageType, string containerId, CancellationToken ct = default) =>
        RedisLeaseStore.CallAsync(() => Db.SetAddAsync(keys.Pool(imageType), containerId));

    public Task<bool> WithdrawAsync(string imageType, string containerId, CancellationToken ct = default) =>
        RedisLeaseStore.CallAsync(() => Db.SetRemoveAsync(keys.Pool(imageType), containerId));

    public Task<IReadOnlySet<string>> ReadyAsync(string imageType, CancellationToken ct = default) =>
        RedisLeaseStore.CallAsync(async () => (IReadOnlySet<string>)(await Db.SetMembersAsync(keys.Pool(imageType))).Select(v => v.ToString()).ToHashSet(StringComparer.Ordinal));
}
