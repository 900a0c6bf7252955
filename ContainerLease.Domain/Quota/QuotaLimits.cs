namespace ContainerLease.Domain.Quota;

/// <summary>What one owner may hold at once, and what each catalog entry costs in memory (an entry no longer in the catalog costs nothing).</summary>
public sealed record QuotaLimits(int MaxActive, int MaxMemoryMb, IReadOnlyDictionary<string, int> MemoryMbByImage);
