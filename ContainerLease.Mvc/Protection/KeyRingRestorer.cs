using System.Xml.Linq;
using ContainerLease.Mvc.Jobs;
using ContainerLease.Mvc.Logging;
using ContainerLease.Mvc.Storage;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ContainerLease.Mvc.Protection;

/// <summary>
/// Writes the data-protection key ring back to Redis when Redis has lost it, as often as the job
/// watchdog looks (<c>Jobs:WatchdogInterval</c>). One instance writes, under a short lock, and
/// only into a ring that is still missing, so the ring never holds a key twice.
/// </summary>
internal sealed class KeyRingRestorer(
    StorageChoice storage,
    IServiceProvider services,
    IOptions<JobsOptions> jobs,
    TimeProvider time,
    ILogger<KeyRingRestorer> logger) : BackgroundService
{
    private static readonly TimeSpan LockHold = TimeSpan.FromSeconds(10);

    private readonly RedisValue _owner = Guid.NewGuid().ToString("N");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!storage.UsesRedis)
        {
            return; // the ring is this machine's own, on its disk
        }

        var remembered = services.GetRequiredService<RememberedKeyRing>();
        var redis = services.GetRequiredService<IConnectionMultiplexer>();
        var keys = services.GetRequiredService<RedisKeys>();
        using var timer = new PeriodicTimer(jobs.Value.WatchdogInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await RestoreIfLostAsync(remembered, redis.GetDatabase(), keys);
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                // Redis is down: nothing can be lost or written back until it returns.
                AppLog.KeyRingCheckFailed(logger, ex);
            }
        }
    }

    private async Task RestoreIfLostAsync(RememberedKeyRing remembered, IDatabase db, RedisKeys keys)
    {
        var known = remembered.Seen;
        if (known.Count == 0 || await db.KeyExistsAsync(keys.DataProtectionKeys) || !await db.LockTakeAsync(keys.DataProtectionFirstKeyLock, _owner, LockHold))
        {
            return;
        }

        try
        {
            if (await db.KeyExistsAsync(keys.DataProtectionKeys))
            {
                return;
            }

            // As the ring's own repository writes each key: one list entry of unformatted XML.
            await db.ListRightPushAsync(keys.DataProtectionKeys, [.. known.Select(k => (RedisValue)k.ToString(SaveOptions.DisableFormatting))]);
            AppLog.KeyRingRestored(logger, known.Count);
        }
        finally
        {
            await db.LockReleaseAsync(keys.DataProtectionFirstKeyLock, _owner);
        }
    }
}
