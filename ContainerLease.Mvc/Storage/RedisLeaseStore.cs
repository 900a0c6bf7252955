using ContainerLease.Domain.Errors;
using ContainerLease.Domain.Leases;
using ContainerLease.Domain.Policy;
using ContainerLease.Domain.Ports;
using ContainerLease.Domain.Quota;
using ContainerLease.Mvc.Webhooks;
using StackExchange.Redis;

namespace ContainerLease.Mvc.Storage;

/// <summary>
/// Leases in Redis: a hash per lease and a sorted set of active ids by expiry, so a page of the
/// list costs the page. Each write is a transaction conditioned on the stored version, which also
/// puts the event it records in the <see cref="WebhookOutbox"/>.
/// </summary>
internal sealed class RedisLeaseStore(IConnectionMultiplexer redis, RedisKeys keys, LeaseOptions options, LeaseReadCache recent, WebhookOutbox outbox) : ILeaseStore
{
    private const string VersionField = "v";
    private const string DataField = "data";

    private IDatabase Db => redis.GetDatabase();

    public Task<bool> TryAddAsync(Lease lease, CancellationToken ct = default) => CallAsync(async () =>
    {
        var tran = Db.CreateTransaction();
        tran.AddCondition(Condition.KeyNotExists(keys.Lease(lease.Id)));
        Write(tran, lease, version: 1);
        return await tran.ExecuteAsync();
    });

    public Task<Lease?> GetRecentAsync(LeaseId id, CancellationToken ct = default) => recent.GetAsync(id, () => GetAsync(id, ct));

    public Task<Lease?> GetAsync(LeaseId id, CancellationToken ct = default) => CallAsync(async () =>
    {
        var fields = await Db.HashGetAsync(keys.Lease(id), [VersionField, DataField]);
        return Read(fields);
    });

    public Task<bool> TryUpdateAsync(Lease lease, CancellationToken ct = default) => CallAsync(async () =>
    {
        var tran = Db.CreateTransaction();
        tran.AddCondition(Condition.HashEqual(keys.Lease(lease.Id), VersionField, lease.Version));
        Write(tran, lease, lease.Version + 1);
        return await CommitAsync(tran, lease.Id);
    });

    /// <summary>Removes the record and every index entry, its owner's set too, so nothing of it stays behind.</summary>
    public Task DeleteAsync(LeaseId id, CancellationToken ct = default) => CallAsync(async () =>
    {
        var owner = (await GetAsync(id, ct))?.Owner;
        var tran = Db.CreateTransaction();
        _ = tran.KeyDeleteAsync(keys.Lease(id));
        _ = tran.SortedSetRemoveAsync(keys.Active, id.Value);
        _ = tran.SortedSetRemoveAsync(keys.Ended, id.Value);
        outbox.Forget(tran, id);
        if (owner is not null)
        {
            _ = tran.SetRemoveAsync(keys.Owned(owner), id.Value);
        }

        _ = tran.PublishAsync(LeaseReadCache.Channel, id.Value);
        return await CommitAsync(tran, id);
    });

    public Task<LeasePage> ListActiveAsync(int skip, int take, CancellationToken ct = default) => CallAsync(async () =>
    {
        var db = Db;
        var totalTask = db.SortedSetLengthAsync(keys.Active);
        var ids = await db.SortedSetRangeByRankAsync(keys.Active, skip, skip + take - 1);

        return new LeasePage(await ReadAllAsync(db, ids), await totalTask);
    });

    public Task<IReadOnlyList<Lease>> ListActiveByOwnerAsync(string owner, CancellationToken ct = default) => CallAsync(async () =>
    {
        var db = Db;
        var ids = await db.SetMembersAsync(keys.Owned(owner));
        IReadOnlyList<Lease> items = [.. (await ReadAllAsync(db, ids)).Where(l => l.Status != LeaseStatus.Ended)];
        return items;
    });

    public Task<IReadOnlyList<Lease>> ListRecentlyEndedAsync(int take, string? owner, CancellationToken ct = default) => CallAsync(async () =>
    {
        var db = Db;
        var ids = await db.SortedSetRangeByRankAsync(owner is null ? keys.Ended : keys.OwnedEnded(owner), 0, take - 1, Order.Descending);
        return await ReadAllAsync(db, ids);
    });

    public Task<QuotaCheck> TryHoldAsync(QuotaHold hold, QuotaLimits limits, DateTimeOffset now, CancellationToken ct = default) =>
        CallAsync(() => QuotaScript.TryHoldAsync(Db, keys, hold, limits, now));

    public Task ReleaseHoldAsync(QuotaHold hold, CancellationToken ct = default) =>
        CallAsync(() => QuotaScript.ReleaseAsync(Db, keys, hold));

    /// <summary>Runs a write; once it is stored, this instance's cache forgets the lease at once (the others by the write's announcement).</summary>
    private async Task<bool> CommitAsync(ITransaction tran, LeaseId id)
    {
        var stored = await tran.ExecuteAsync();
        if (stored)
        {
            recent.Changed(id);
        }

        return stored;
    }

    /// <summary>The record, its indexes, and the announcement of the change to every instance (<see cref="LeaseReadCache"/>).</summary>
    private void Write(ITransaction tran, Lease lease, long version)
    {
        var key = keys.Lease(lease.Id);
        var record = LeaseRecord.Serialize(lease);
        _ = tran.PublishAsync(LeaseReadCache.Channel, lease.Id.Value);
        _ = tran.HashSetAsync(key, [new(VersionField, version), new(DataField, record)]);
        outbox.Add(tran, lease, version, record);
        if (lease.Status == LeaseStatus.Ended)
        {
            var endedAt = (lease.EndedAt ?? lease.ExpiresAt).ToUnixTimeMilliseconds();
            _ = tran.SortedSetRemoveAsync(keys.Active, lease.Id.Value);
            _ = tran.KeyExpireAsync(key, options.Retention);
            var forgetBefore = endedAt - options.Retention.TotalMilliseconds;
            foreach (var ended in new[] { keys.Ended, keys.OwnedEnded(lease.Owner) })
            {
                _ = tran.SortedSetAddAsync(ended, lease.Id.Value, endedAt);
                _ = tran.SortedSetRemoveRangeByScoreAsync(ended, double.NegativeInfinity, forgetBefore);
            }

            _ = tran.SetRemoveAsync(keys.Owned(lease.Owner), lease.Id.Value);
        }
        else
        {
            _ = tran.SortedSetAddAsync(keys.Active, lease.Id.Value, lease.ExpiresAt.ToUnixTimeMilliseconds());
            _ = tran.SetAddAsync(keys.Owned(lease.Owner), lease.Id.Value);
        }
    }

    /// <summary>The leases behind some ids, read in one pipelined round trip; ids whose record expired are skipped.</summary>
    private async Task<IReadOnlyList<Lease>> ReadAllAsync(IDatabase db, RedisValue[] ids)
    {
        var reads = ids.Select(id => db.HashGetAsync(keys.Lease(LeaseId.Parse(id!)), [VersionField, DataField])).ToArray();
        return [.. (await Task.WhenAll(reads)).Select(Read).OfType<Lease>()];
    }

    private static Lease? Read(RedisValue[] fields) =>
        fields[1].IsNull ? null : LeaseRecord.Deserialize(fields[1]!, (long)fields[0]);

    /// <summary>A Redis call whose failure is the store's: <see cref="DependencyUnavailableException"/>, which answers 503.</summary>
    internal static async Task<T> CallAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (RedisException ex)
        {
            throw new DependencyUnavailableException(DependencyUnavailableException.Store, "The lease store is not answering; try again shortly.", ex);
        }
        catch (TimeoutException ex)
        {
            throw new DependencyUnavailableException(DependencyUnavailableException.Store, "The lease store is not answering in time; try again shortly.", ex);
        }
    }
}
