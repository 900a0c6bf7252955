using ContainerLease.Domain.Leases;
using ContainerLease.Domain.Policy;
using ContainerLease.Mvc.Storage;
using ContainerLease.Mvc.Webhooks;
using ContainerLease.Tests.Integration.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace ContainerLease.Tests.Storage;

/// <summary>
/// The port proxy's per-request lease read (<c>GetRecentAsync</c>), against a real Redis and two
/// "instances" (two connections, two stores): it is answered from memory, yet a change made on
/// either instance is seen at once, although the cache time here is ten minutes.
/// </summary>
public sealed class LeaseReadCacheTests : IAsyncLifetime
{
    private static readonly LeaseOptions Options = new() { ReadCacheTime = TimeSpan.FromMinutes(10) };

    private readonly RedisKeys _keys = new(TestSettings.NewInstallationId());
    private RedisServer _redis = null!;
    private ConnectionMultiplexer _a = null!;
    private ConnectionMultiplexer _b = null!;
    private RedisLeaseStore _storeA = null!;
    private RedisLeaseStore _storeB = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        (_a, _storeA) = await InstanceAsync();
        (_b, _storeB) = await InstanceAsync();
    }

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task AChangeOnAnotherInstance_IsSeenAtOnce()
    {
        var lease = await StoredLeaseAsync();
        await AnsweredFromMemoryAsync(_storeB, lease.Id);
        var current = (await _storeA.GetAsync(lease.Id))!;

        Assert.True(await _storeA.TryUpdateAsync(current with { PausedAt = TimeProvider.System.GetUtcNow() }));

        await Until(async () => (await _storeB.GetRecentAsync(lease.Id))!.IsPaused, "instance B to hear that A paused the lease");
    }

    [Fact]
    public async Task AChangeOnTheSameInstance_IsSeenByTheNextRead()
    {
        var lease = await StoredLeaseAsync();
        await AnsweredFromMemoryAsync(_storeB, lease.Id);
        var current = (await _storeB.GetAsync(lease.Id))!;

        Assert.True(await _storeB.TryUpdateAsync(current with { PausedAt = TimeProvider.System.GetUtcNow() }));

        Assert.True((await _storeB.GetRecentAsync(lease.Id))!.IsPaused);
    }

    [Fact]
    public async Task AForgottenLease_IsSeenGone()
    {
        var lease = await StoredLeaseAsync();
        await AnsweredFromMemoryAsync(_storeB, lease.Id);

        await _storeA.DeleteAsync(lease.Id);

        await Until(async () => await _storeB.GetRecentAsync(lease.Id) is null, "instance B to hear that A removed the lease");
    }

    private async Task<(ConnectionMultiplexer, RedisLeaseStore)> InstanceAsync()
    {
        var config = ConfigurationOptions.Parse(_redis.ConnectionString);
        config.ChannelPrefix = _keys.Channels;
        var connection = await ConnectionMultiplexer.ConnectAsync(config);
        var cache = new LeaseReadCache(connection, Options, TimeProvider.System, NullLogger<LeaseReadCache>.Instance);
        var noWebhooks = new WebhookOutbox(connection, _keys, Microsoft.Extensions.Options.Options.Create(new WebhookOptions()));
        return (connection, new RedisLeaseStore(connection, _keys, Options, cache, noWebhooks));
    }

    private async Task<Lease> StoredLeaseAsync()
    {
        var now = TimeProvider.System.GetUtcNow();
        var lease = new Lease
        {
            Id = LeaseId.New(),
            ContainerId = "c1",
            ImageType = "small",
            Owner = "alice",
            CreatedAt = now,
            ExpiresAt = now.AddMinutes(5),
        };
        Assert.True(await _storeA.TryAddAsync(lease));
        return lease;
    }

    /// <summary>
    /// Waits until <paramref name="store"/> answers the lease from memory: a change written straight
    /// into Redis (announced to no one) is not seen. The first reads only start the subscription.
    /// </summary>
    private async Task AnsweredFromMemoryAsync(RedisLeaseStore store, LeaseId id)
    {
        var record = _keys.Lease(id);
        await Until(async () =>
        {
            var seen = (await store.GetRecentAsync(id))!;
            var behind = seen with { Owner = "changed-behind-the-store" };
            await _a.GetDatabase().HashSetAsync(record, [new("v", seen.Version + 1), new("data", LeaseRecord.Serialize(behind))]);
            return (await store.GetRecentAsync(id))!.Version == seen.Version;
        }, "the lease to be answered from memory");

        // Back to a record the store wrote, so the tests' own writes start from a true version.
        var stored = (await store.GetAsync(id))! with { Owner = "alice" };
        await _a.GetDatabase().HashSetAsync(record, [new("v", stored.Version), new("data", LeaseRecord.Serialize(stored))]);
    }

    private static async Task Until(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for {what}.");
            await Task.Delay(50);
        }
    }
}
