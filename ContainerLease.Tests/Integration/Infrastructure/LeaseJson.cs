namespace ContainerLease.Tests.Integration.Infrastructure;

/// <summary>The API's lease, read back as a client would.</summary>
public sealed record LeaseJson(
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
    IReadOnlyList<LeaseEventJson>? History);

public sealed record LeaseEventJson(DateTimeOffset At, string Kind, string? Detail);
