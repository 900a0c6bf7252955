namespace ContainerLease.Domain.Pool;

/// <summary>What one refill did: members made ready, retired (too old, too many, or of an entry without a pool), and failed to make.</summary>
public sealed record PoolReport(int Added, int Retired, int Failed, IReadOnlyDictionary<string, int> Ready);
