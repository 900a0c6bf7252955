using ContainerLease.Domain.Leases;
using ContainerLease.Domain.Policy;
using ContainerLease.Domain.Ports;
using ContainerLease.Domain.Quota;
using ContainerLease.Mvc.Storage;
using ContainerLease.Mvc.Webhooks;
using ContainerLease.Tests.Integration.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ContainerLease.Tests.Storage;

/// <summary>
/// The quota hold of both stores, against a real Redis: a hold counts until its lease is stored
/// (and then once), until it is given back, or until it lapses.
/// </summary>
public sealed class QuotaHoldTests : IAsyncLifetime
{
    // Redis expires the holds' key by its own clock (PEXPIREAT), so the test's times must be near the real now:
    // a fixed date here made the Redis cases fail once the real clock passed it.
    private static readonly DateTimeOffset Now = TimeProvider.System.GetUtcNow();
    private static readonly QuotaLimits Limits = new(MaxActive: 2, MaxMemoryMb: 1000, new Dictionary<string, int> { ["small"] = 100 });

    private RedisServer _redis = null!;
    private ConnectionMultiplexer _connection = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _connection = await ConnectionMultiplexer.ConnectAsync(_redis.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        await _connection.DisposeAsync();
        await _redis.DisposeAsync();
    }

    public static TheoryData<string> Stores => ["redis", "in-process"];

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task AHold_CountsLikeALease_UntilItLapses(string kind)
    {
        var store = Create(kind);
        Assert.True((await store.TryHoldAsync(Hold(until: Now.AddSeconds(10)), Limits, Now)).Held);
        Assert.True((await store.TryHoldAsync(Hold(until: Now.AddSeconds(10)), Limits, Now)).Held);

        var refused = await store.TryHoldAsync(Hold(until: Now.AddSeconds(10)), Limits, Now);
        Assert.Equal(new QuotaCheck(false, 2, 200), refused);

        var later = await store.TryHoldAsync(Hold(until: Now.AddSeconds(30)), Limits, Now.AddSeconds(11));
        Assert.Equal(new QuotaCheck(true, 0, 0), later);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task AHoldWhoseLeaseIsStored_CountsOnce_AndAReleasedHoldNotAtAll(string kind)
    {
        var store = Create(kind);
        var stored = Hold(until: Now.AddMinutes(1));
        var released = Hold(until: Now.AddMinutes(1));
        await store.TryHoldAsync(stored, Limits, Now);
        await store.TryHoldAsync(released, Limits, Now);
        await store.TryAddAsync(LeaseOf(stored));
        await store.ReleaseHoldAsync(released);

        var check = await store.TryHoldAsync(Hold(until: Now.AddMinutes(1)), Limits, Now);

        Assert.Equal(new QuotaCheck(true, 1, 100), check);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task MemoryCounts_AsMuchAsTheCount(string kind)
    {
        var store = Create(kind);
        await store.TryHoldAsync(Hold(until: Now.AddMinutes(1), memoryMb: 700), Limits, Now);

        var check = await store.TryHoldAsync(Hold(until: Now.AddMinutes(1), memoryMb: 301), Limits, Now);

        Assert.Equal(new QuotaCheck(false, 1, 700), check);
    }

    private ILeaseStore Create(string kind)
    {
        if (kind != "redis")
        {
            return new InMemoryLeaseStore();
        }

        var keys = new RedisKeys(TestSettings.NewInstallationId());
        return new RedisLeaseStore(_connection, keys, new LeaseOptions(),
            new LeaseReadCache(_connection, new LeaseOptions(), TimeProvider.System, NullLogger<LeaseReadCache>.Instance),
            new WebhookOutbox(_connection, keys, Options.Create(new WebhookOptions())));
    }

    private static QuotaHold Hold(DateTimeOffset until, int memoryMb = 100) => new(LeaseId.New(), "alice", memoryMb, until);

    private static Lease LeaseOf(QuotaHold hold) => new()
    {
        Id = hold.LeaseId,
        ContainerId = "c-" + hold.LeaseId.Value,
        ImageType = "small",
        Owner = hold.Owner,
        CreatedAt = Now,
        ExpiresAt = Now.AddMinutes(5),
    };
}
