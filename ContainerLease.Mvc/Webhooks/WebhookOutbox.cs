using System.Text.Json;
using ContainerLease.Domain.Leases;
using ContainerLease.Mvc.Storage;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ContainerLease.Mvc.Webhooks;

/// <summary>
/// The webhook events of leases in Redis that are not yet queued as delivery jobs. The lease store
/// adds to it in the same transaction as the change that records the event, so an event stored is
/// an event that will be sent, even if the app stops before it queues the jobs; the
/// <see cref="WebhookRelay"/> queues them and takes them out.
/// </summary>
/// <remarks>
/// A write that does not add an event (activity, a warning's bookkeeping) leaves its lease's last
/// event as it was: the lease's hash keeps the last event put in the outbox, and a script adds the
/// write only when its last event differs, so no event is put in twice.
/// </remarks>
internal sealed class WebhookOutbox(IConnectionMultiplexer redis, RedisKeys keys, IOptions<WebhookOptions> options)
{
    /// <summary>The field of a lease's hash holding the last of its events put in the outbox.</summary>
    private const string OutboxedField = "outboxed";

    private const string AddScript = """
        if redis.call('HGET', KEYS[1], ARGV[1]) ~= ARGV[2] then
          redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
          redis.call('HSET', KEYS[2], ARGV[3], ARGV[4])
          redis.call('SADD', KEYS[3], ARGV[5])
        end
        """;

    private IDatabase Db => redis.GetDatabase();

    /// <summary>Adds the write of <paramref name="lease"/> as <paramref name="version"/> to the transaction that stores it, if its last event is one an endpoint wants.</summary>
    public void Add(ITransaction tran, Lease lease, long version, string record)
    {
        if (!options.Value.WantsLastEventOf(lease))
        {
            return;
        }

        _ = tran.ScriptEvaluateAsync(
            AddScript,
            [keys.Lease(lease.Id), keys.WebhookOutbox(lease.Id), keys.WebhookOutboxes],
            [OutboxedField, JsonSerializer.Serialize(lease.LastEvent), version, record, lease.Id.Value]);
    }

    /// <summary>Drops a deleted lease's events with it, in the transaction that deletes it.</summary>
    public void Forget(ITransaction tran, LeaseId id) => _ = tran.KeyDeleteAsync(keys.WebhookOutbox(id));

    // Synchronous: the relay calls these under a Hangfire distributed lock, which tracks its holder
    // by thread and flow, so it is held across no await (as in WebhookQueue).

    /// <summary>The lease's events not yet queued, oldest first, each as the lease was just after it.</summary>
    public IReadOnlyList<Lease> Pending(LeaseId id) =>
        [.. Db.HashGetAll(keys.WebhookOutbox(id)).Select(e => LeaseRecord.Deserialize(e.Value!, (long)e.Name)).OrderBy(l => l.Version)];

    /// <summary>Takes out an event whose jobs are queued.</summary>
    public void Done(Lease written) => Db.HashDelete(keys.WebhookOutbox(written.Id), written.Version);

    /// <summary>Forgets the lease in the list of waiting ones, unless an event was added meanwhile.</summary>
    public void ForgetIfEmpty(LeaseId id)
    {
        var tran = Db.CreateTransaction();
        tran.AddCondition(Condition.KeyNotExists(keys.WebhookOutbox(id)));
        _ = tran.SetRemoveAsync(keys.WebhookOutboxes, id.Value);
        tran.Execute(CommandFlags.None);
    }

    /// <summary>The leases with events waiting, or whose outbox was emptied but not yet forgotten.</summary>
    public async Task<IReadOnlyList<LeaseId>> WaitingAsync() =>
        [.. (await Db.SetMembersAsync(keys.WebhookOutboxes)).Select(v => LeaseId.Parse(v!))];
}
