namespace ContainerLease.Domain.Leases;

/// <summary>One page of active leases in expiry order, and how many there are in all.</summary>
public sealed record LeasePage(IReadOnlyList<Lease> Items, long Total);
