using ContainerLease.Domain.Leases;
using ContainerLease.Domain.Ports;
using ContainerLease.Mvc.Ports;

namespace ContainerLease.Mvc.Api.Contracts;

/// <summary>
/// A lease as the API shows it. <c>status</c> is pulling (its container starts, and its clock
/// with it, once its image is pulled), active, paused, ending, or how it ended (expired,
/// terminated, gone, disk-limit, idle, pull-failed); <c>urls</c> its ports through the proxy; <c>linksRevokedAt</c> when links to them made before it were revoked; <c>imageDigest</c> the build its container ran; <c>containerState</c> and <c>health</c> only when the engine was asked.
/// </summary>
public sealed record LeaseResponse(
    string LeaseId,
    string ContainerId,
    string ImageType,
    string Owner,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    long RemainingSeconds,
    string Status,
    DateTimeOffset? EndedAt,
    string? EndReason,
    string? ContainerState,
    string? Health,
    IReadOnlyList<LeaseEvent>? History,
    DateTimeOffset? PausedAt = null,
    IReadOnlyDictionary<string, string>? Urls = null,
    bool FromPool = false,
    string? ImageDigest = null,
    DateTimeOffset? LinksRevokedAt = null)
{
    /// <param name="detailed">One lease asked for by id: with its history. Lists leave it out to stay small.</param>
    /// <param name="urls">Gives <c>urls</c>: the lease's ports by number, as the port proxy serves them.</param>
    public static LeaseResponse From(Lease lease, DateTimeOffset now, PortUrls urls, ContainerState? container = null, bool detailed = false) => new(
        lease.Id.Value,
        lease.ContainerId,
        lease.ImageType,
        lease.Owner,
        lease.CreatedAt,
        lease.ExpiresAt,
        (long)Math.Ceiling(lease.RemainingAt(now).TotalSeconds),
        lease.StatusName,
        lease.EndedAt,
        lease.EndReason?.Name(),
        container?.Status ?? (lease.Status == LeaseStatus.Ended ? "removed" : null),
        container?.Health,
        detailed ? lease.History : null,
        lease.IsPaused ? lease.PausedAt : null,
        urls.Of(lease),
        lease.FromPool,
        lease.ImageDigest,
        lease.LinksRevokedAt);
}
