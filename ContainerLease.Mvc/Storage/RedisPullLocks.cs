using ContainerLease.Mvc.Docker;
using ContainerLease.Mvc.Logging;
using StackExchange.Redis;

namespace ContainerLease.Mvc.Storage;

/// <summary>
/// The pull lock of each image in Redis: <c>SET NX PX</c> with a random token, renewed while the pull
/// runs (so a long pull keeps it, and a crashed instance's lapses within <see cref="Hold"/>), and
/// released, like the renewal, only by a script that first checks the token is still ours.
/// </summary>
internal sealed class RedisPullLocks(IConnectionMultiplexer redis, RedisKeys keys, TimeProvider time, ILogger<RedisPullLocks> logger) : IPullLocks
{
    public static readonly TimeSpan Hold = TimeSpan.FromSeconds(30);

    private static readonly LuaScript Renew = LuaScript.Prepare(
        "if redis.call('get', @key) == @token then return redis.call('pexpire', @key, @ms) else return 0 end");

    private static readonly LuaScript Release = LuaScript.Prepare(
        "if redis.call('get', @key) == @token then return redis.call('del', @key) else return 0 end");

    public async Task<IAsyncDisposable?> TryTakeAsync(string image, CancellationToken ct = default)
    {
        var key = keys.PullLock(image);
        var token = Guid.NewGuid().ToString("N");
        var db = redis.GetDatabase();
        ct.ThrowIfCancellationRequested();
        try
        {
            return await db.StringSetAsync(key, token, Hold, When.NotExists) ? new Held(db, key, token, image, time, logger) : null;
        }
        catch (RedisException ex)
        {
            // Leases cannot be made while Redis is down anyway; a pull it cannot coordinate still goes ahead.
            AppLog.PullLockUnavailable(logger, ex, image);
            return new InstanceOnlyPullLocks.Nothing();
        }
    }

    private sealed class Held : IAsyncDisposable
    {
        private readonly IDatabase _db;
        private readonly RedisKey _key;
        private readonly string _token;
        private readonly string _image;
        private readonly TimeProvider _time;
        private readonly ILogger _logger;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _renewing;

        public Held(IDatabase db, RedisKey key, string token, string image, TimeProvider time, ILogger logger)
        {
            (_db, _key, _token, _image, _time, _logger) = (db, key, token, image, time, logger);
            _renewing = RenewAsync(_stop.Token);
        }

        private async Task RenewAsync(CancellationToken ct)
        {
            while (!ct.IsCancellationRequested)
            {
                await Task.Delay(Hold / 3, _time, ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                if (ct.IsCancellationRequested)
                {
                    return;
                }

                try
                {
                    await _db.ScriptEvaluateAsync(Renew, new { key = _key, token = _token, ms = (long)Hold.TotalMilliseconds });
                }
                catch (RedisException ex)
                {
                    // The pull goes on; at worst another instance pulls the same image meanwhile.
                    AppLog.PullLockRenewFailed(_logger, ex, _image);
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _renewing;
            _stop.Dispose();
            try
            {
                await _db.ScriptEvaluateAsync(Release, new { key = _key, token = _token });
            }
            catch (RedisException ex)
            {
                AppLog.PullLockReleaseFailed(_logger, ex, _image);
            }
        }
    }
}
