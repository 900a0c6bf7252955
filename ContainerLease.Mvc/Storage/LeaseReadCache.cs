using System.Collections.Concurrent;
using ContainerLease.Domain.Leases;
using ContainerLease.Domain.Policy;
using ContainerLease.Mvc.Logging;
using StackExchange.Redis;

namespace ContainerLease.Mvc.Storage;

/// <summary>
/// Leases read on this instance lately, for <see cref="Domain.Ports.ILeaseStore.GetRecentAsync"/>
/// (the port proxy reads its lease on every request, and a Redis round trip was most of its
/// overhead). Every write of a lease, on any instance, publishes the lease's id on
/// <see cref="Channel"/>, and hearing it drops the entry; the entry's age limit only bounds what a
/// lost notice could cost. While the subscription is not up, nothing is remembered, since changes
/// could go unheard.
/// </summary>
internal sealed class LeaseReadCache
{
    /// <summary>Under the connection's installation prefix (<see cref="RedisKeys.Channels"/>).</summary>
    public static readonly RedisChannel Channel = RedisChannel.Literal("lease-changed");

    private const int Remembered = 10_000;

    private readonly ConcurrentDictionary<LeaseId, (Lease Lease, DateTimeOffset Until)> _leases = new();
    private readonly IConnectionMultiplexer _redis;
    private readonly TimeSpan _maxAge;
    private readonly TimeProvider _time;
    private readonly ILogger<LeaseReadCache> _logger;
    private readonly Lock _subscribing = new();
    private Task<bool>? _subscription;
    private volatile bool _listening;

    /// <summary>Bumped on every change heard, so a read that overlapped one is not remembered.</summary>
    private long _changes;

    public LeaseReadCache(IConnectionMultiplexer redis, LeaseOptions options, TimeProvider time, ILogger<LeaseReadCache> logger)
    {
        (_redis, _maxAge, _time, _logger) = (redis, options.ReadCacheTime, time, logger);
        redis.ConnectionFailed += (_, e) => Deafened(e.ConnectionType);
        redis.ConnectionRestored += (_, e) => Deafened(e.ConnectionType);
    }

    public async Task<Lease?> GetAsync(LeaseId id, Func<Task<Lease?>> read)
    {
        var now = _time.GetUtcNow();
        if (_leases.TryGetValue(id, out var known) && known.Until > now)
        {
            return known.Lease;
        }

        var changes = Interlocked.Read(ref _changes);
        var lease = await read();
        if (lease is not null && _maxAge > TimeSpan.Zero && Listening() && Interlocked.Read(ref _changes) == changes)
        {
            _leases[id] = (lease, now + _maxAge);
            Prune(now);
        }

        return lease;
    }

    /// <summary>A lease this instance changed itself: dropped at once, before its own notice comes back.</summary>
    public void Changed(LeaseId id)
    {
        Interlocked.Increment(ref _changes);
        _leases.TryRemove(id, out _);
    }

    private bool Listening()
    {
        if (_listening)
        {
            return true;
        }

        lock (_subscribing)
        {
            if (_subscription is null || _subscription is { IsCompleted: true, Result: false })
            {
                _subscription = SubscribeAsync();
            }
            else if (_subscription.IsCompletedSuccessfully && _redis.GetSubscriber().IsConnected(Channel))
            {
                _listening = true;
            }
        }

        return _listening;
    }

    /// <summary>Once per process; false when Redis did not answer, and the next read tries again.</summary>
    private async Task<bool> SubscribeAsync()
    {
        try
        {
            await _redis.GetSubscriber().SubscribeAsync(Channel, (_, id) =>
            {
                if (LeaseId.TryParse(id.ToString(), out var leaseId))
                {
                    Changed(leaseId);
                }
            });
            return true;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            AppLog.LeaseChangesNotHeard(_logger, ex);
            return false;
        }
    }

    /// <summary>
    /// The pub/sub link dropped or came back: notices may have been missed in between, so forget
    /// everything. The client subscribes again by itself on reconnection; until a read finds the
    /// link up, nothing new is remembered.
    /// </summary>
    private void Deafened(ConnectionType type)
    {
        if (type != ConnectionType.Subscription)
        {
            return;
        }

        _listening = false;
        Interlocked.Increment(ref _changes);
        _leases.Clear();
    }

    private void Prune(DateTimeOffset now)
    {
        if (_leases.Count <= Remembered)
        {
            return;
        }

        foreach (var (id, entry) in _leases)
        {
            if (entry.Until <= now)
            {
                _leases.TryRemove(id, out _);
            }
        }
    }
}
