namespace ContainerLease.Domain.Errors;

/// <summary>The cluster has no node with room for the lease now (answered 503: room may come back as leases end).</summary>
public sealed class NoCapacityException(string message) : DomainException(message);
