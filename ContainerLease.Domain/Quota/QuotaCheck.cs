namespace ContainerLease.Domain.Quota;

/// <summary>
/// The answer to a hold: whether it was taken, and what the owner held before it (active leases
/// and places held by provisions under way, and their memory), for the refusal's message.
/// </summary>
public sealed record QuotaCheck(bool Held, int Active, int MemoryMb);
