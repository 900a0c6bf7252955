using System.Text.Json;
using System.Text.Json.Serialization;
using ContainerLease.Domain.Leases;

namespace ContainerLease.Mvc.Storage;

/// <summary>How a lease is written in Redis: plain JSON, readable with redis-cli.</summary>
internal sealed record LeaseRecord(
    string Id,
    string ContainerId,
    string ImageType,
    string Owner,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    LeaseStatus Status,
    EndReason? EndReason,
    DateTimeOffset? EndedAt,
    IReadOnlyList<LeaseEvent>? History,
    DateTimeOffset? PausedAt = null,
    DateTimeOffset? WarnedBefore = null,
    DateTimeOffset? LastActivityAt = null,
    bool FromPool = false,
    DateTimeOffset? IdleWarnedBefore = null,
    string? ImageDigest = null,
    DateTimeOffset? LinksRevokedAt = null)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static string Serialize(Lease lease) => JsonSerializer.Serialize(
        new LeaseRecord(lease.Id.Value, lease.ContainerId, lease.ImageType, lease.Owner, lease.CreatedAt, lease.ExpiresAt, lease.Status, lease.EndReason, lease.EndedAt, lease.History, lease.PausedAt, lease.WarnedBefore, lease.LastActivityAt, lease.FromPool, lease.IdleWarnedBefore, lease.ImageDigest, lease.LinksRevokedAt),
        Json);

    public static Lease Deserialize(string json, long version)
    {
        var record = JsonSerializer.Deserialize<LeaseRecord>(json, Json) ?? throw new JsonException("A lease record is null.");
        return new Lease
        {
            Id = LeaseId.Parse(record.Id),
            ContainerId = record.ContainerId,
            ImageType = record.ImageType,
            Owner = record.Owner,
            CreatedAt = record.CreatedAt,
            ExpiresAt = record.ExpiresAt,
            Status = record.Status,
            EndReason = record.EndReason,
            EndedAt = record.EndedAt,
            History = record.History ?? [],
            PausedAt = record.PausedAt,
            WarnedBefore = record.WarnedBefore,
            LastActivityAt = record.LastActivityAt,
            FromPool = record.FromPool,
            IdleWarnedBefore = record.IdleWarnedBefore,
            ImageDigest = record.ImageDigest,
            LinksRevokedAt = record.LinksRevokedAt,
            Version = version,
        };
    }
}
