using System.Globalization;
using ContainerLease.Mvc.Storage;
using StackExchange.Redis;

namespace ContainerLease.Mvc.Audit;

/// <summary>
/// The audit log as one Redis stream per installation: each entry an <c>XADD</c> that also trims,
/// by id, what is older than the retention (<c>MINID</c>, exact: each entry is removed once, by the
/// write that finds it too old, so the cost is spread over the writes);
/// pages read newest first with <c>XREVRANGE</c>.
/// </summary>
internal sealed class RedisAuditStore(IConnectionMultiplexer redis, RedisKeys keys) : IAuditStore
{
    private const string At = "at";
    private const string Actor = "actor";
    private const string Event = "event";
    private const string Lease = "lease";
    private const string Owner = "owner";
    private const string Detail = "detail";

    public async Task<AuditEntry> AppendAsync(NewAuditEntry entry, DateTimeOffset keepFrom, CancellationToken ct = default)
    {
        var args = new List<object>
        {
            (RedisKey)keys.Audit, "MINID", keepFrom.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), "*",
            At, entry.At.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
            Actor, entry.Actor,
            Event, entry.Event,
        };
        foreach (var (field, value) in new[] { (Lease, entry.LeaseId), (Owner, entry.Owner), (Detail, entry.Detail) })
        {
            if (value is not null)
            {
                args.Add(field);
                args.Add(value);
            }
        }

        var id = await redis.GetDatabase().ExecuteAsync("XADD", args).WaitAsync(ct);
        return entry.WithId(id.ToString());
    }

    public async Task<IReadOnlyList<AuditEntry>> ReadBackwardsAsync(string? before, DateTimeOffset? since, DateTimeOffset? until, int count, CancellationToken ct = default)
    {
        var toMs = until?.ToUnixTimeMilliseconds();
        RedisValue newest = AuditIds.TryParse(before, out var beforeMs, out _) && (toMs is null || beforeMs <= toMs)
            ? "(" + before
            : toMs?.ToString(CultureInfo.InvariantCulture) ?? "+";
        RedisValue oldest = since?.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) ?? "-";
        var read = await redis.GetDatabase().StreamRangeAsync(keys.Audit, oldest, newest, count, Order.Descending).WaitAsync(ct);
        return [.. read.Select(ToEntry)];
    }

    private static AuditEntry ToEntry(StreamEntry entry)
    {
        string? Field(string name) => entry[name] is { IsNull: false } value ? value.ToString() : null;
        var at = long.TryParse(Field(At), NumberStyles.None, CultureInfo.InvariantCulture, out var ms) ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : default;
        return new AuditEntry(entry.Id.ToString(), at, Field(Actor) ?? "?", Field(Event) ?? "?", Field(Lease), Field(Owner), Field(Detail));
    }
}
