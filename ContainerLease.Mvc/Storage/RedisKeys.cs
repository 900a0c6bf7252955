using ContainerLease.Domain.Leases;
using StackExchange.Redis;

namespace ContainerLease.Mvc.Storage;

/// <summary>Every Redis key the app writes, under one prefix per installation.</summary>
internal sealed class RedisKeys(string installationId)
{
    public string Prefix { get; } = $"containerlease:{installationId}:";

    /// <summary>Sorted set of active lease ids, scored by expiry in Unix milliseconds.</summary>
    public RedisKey Active => Prefix + "leases:active";

    /// <summary>Sorted set of ended lease ids, scored by end time in Unix milliseconds, trimmed to the retention.</summary>
    public RedisKey Ended => Prefix + "leases:ended";

    /// <summary>Set of one owner's active lease ids, for the quota.</summary>
    public RedisKey Owned(string owner) => Prefix + "leases:owner:" + owner;

    /// <summary>Sorted set of one owner's ended lease ids, like <see cref="Ended"/>, for a user's own list.</summary>
    public RedisKey OwnedEnded(string owner) => Prefix + "leases:owner-ended:" + owner;

    /// <summary>Sorted set of one owner's quota holds (<c>leaseId|memoryMb</c>), scored by when each lapses in Unix milliseconds.</summary>
    public RedisKey QuotaHolds(string owner) => Prefix + "quota:holds:" + owner;

    /// <summary>Hash with the fields <c>v</c> (version) and <c>data</c> (JSON).</summary>
    public RedisKey Lease(LeaseId id) => LeasePrefix + id.Value;

    /// <summary>What <see cref="Lease"/> puts before the id, for a script that reads records by id.</summary>
    public string LeasePrefix => Prefix + "lease:";

    public string Hangfire => Prefix + "hangfire:";

    /// <summary>Set of one entry's warm pool members that are ready to take (container ids).</summary>
    public RedisKey Pool(string imageType) => Prefix + "pool:" + imageType;

    /// <summary>Held (a random token, expiring unless renewed) by the one instance pulling this image, so instances sharing Redis pull it once.</summary>
    public RedisKey PullLock(string image) => Prefix + "pull-lock:" + image;

    /// <summary>Stream of the audit log, trimmed to <c>Audit:Retention</c> by id as entries are added.</summary>
    public RedisKey Audit => Prefix + "audit";

    /// <summary>
    /// Hash of one lease's webhook events not yet queued as delivery jobs: the version of the write
    /// that added each, and the lease as that write stored it. Written in the write's transaction.
    /// </summary>
    public RedisKey WebhookOutbox(LeaseId id) => Prefix + "webhooks:outbox:" + id.Value;

    /// <summary>Set of the ids of leases with a <see cref="WebhookOutbox"/>, for the relay job.</summary>
    public RedisKey WebhookOutboxes => Prefix + "webhooks:outboxes";

    /// <summary>A page sign-in's server-side session: its user, expiring with it.</summary>
    public RedisKey Session(string sessionId) => Prefix + "session:" + sessionId;

    /// <summary>The data-protection key ring (antiforgery tokens, cookies), shared by every instance of the installation.</summary>
    public RedisKey DataProtectionKeys => Prefix + "data-protection-keys";

    /// <summary>Held briefly by the one instance that creates the first data-protection key.</summary>
    public RedisKey DataProtectionFirstKeyLock => Prefix + "data-protection-keys:first-key-lock";

    /// <summary>
    /// Put before every pub/sub channel of the app's connection (the SignalR backplane's and
    /// Hangfire's), so installations sharing a Redis never hear each other.
    /// </summary>
    public RedisChannel Channels => RedisChannel.Literal(Prefix);
}
