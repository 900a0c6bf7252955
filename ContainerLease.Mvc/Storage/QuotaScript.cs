using ContainerLease.Domain.Quota;
using StackExchange.Redis;

namespace ContainerLease.Mvc.Storage;

/// <summary>
/// The quota's check and hold as one Lua script, so that Redis runs it without another command
/// in between: provisions racing on any number of instances see each other's holds.
/// </summary>
/// <remarks>
/// Holds are members <c>leaseId|memoryMb</c> of a sorted set per owner, scored by when they lapse.
/// The owner's active leases are read from their records (their image's memory comes from the
/// catalog, passed in), which a script on a single Redis may do; a Redis Cluster would need the
/// owner's keys in one hash slot.
/// </remarks>
internal static class QuotaScript
{
    private static readonly LuaScript Script = LuaScript.Prepare("""
        redis.call('ZREMRANGEBYSCORE', @holds, '-inf', @now)
        local memoryOf = cjson.decode(@memoryByImage)
        local active, memory = 0, 0
        for _, id in ipairs(redis.call('SMEMBERS', @owned)) do
          local data = redis.call('HGET', @leasePrefix .. id, 'data')
          if data then
            active = active + 1
            memory = memory + (memoryOf[cjson.decode(data).imageType] or 0)
          end
        end
        for _, member in ipairs(redis.call('ZRANGE', @holds, 0, -1)) do
          local id, mb = string.match(member, '^(.*)|(%d+)$')
          if redis.call('SISMEMBER', @owned, id) == 0 then
            active = active + 1
            memory = memory + tonumber(mb)
          end
        end
        if active + 1 > tonumber(@maxActive) or memory + tonumber(@memoryMb) > tonumber(@maxMemory) then
          return { 0, active, memory }
        end
        redis.call('ZADD', @holds, @until, @member)
        redis.call('PEXPIREAT', @holds, @until)
        return { 1, active, memory }
        """);

    public static async Task<QuotaCheck> TryHoldAsync(IDatabase db, RedisKeys keys, QuotaHold hold, QuotaLimits limits, DateTimeOffset now)
    {
        var result = (RedisResult[])(await db.ScriptEvaluateAsync(Script, new
        {
            holds = keys.QuotaHolds(hold.Owner),
            owned = keys.Owned(hold.Owner),
            leasePrefix = keys.LeasePrefix,
            memoryByImage = System.Text.Json.JsonSerializer.Serialize(limits.MemoryMbByImage),
            now = now.ToUnixTimeMilliseconds(),
            until = hold.Until.ToUnixTimeMilliseconds(),
            member = Member(hold),
            memoryMb = hold.MemoryMb,
            maxActive = limits.MaxActive,
            maxMemory = limits.MaxMemoryMb,
        }))!;
        return new QuotaCheck((int)result[0] == 1, (int)result[1], (int)result[2]);
    }

    public static Task<bool> ReleaseAsync(IDatabase db, RedisKeys keys, QuotaHold hold) =>
        db.SortedSetRemoveAsync(keys.QuotaHolds(hold.Owner), Member(hold));

    private static string Member(QuotaHold hold) => $"{hold.LeaseId.Value}|{hold.MemoryMb}";
}
