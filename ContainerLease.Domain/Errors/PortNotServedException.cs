namespace ContainerLease.Domain.Errors;

/// <summary>The lease's catalog entry lists no such port.</summary>
public sealed class PortNotServedException(string leaseId, int port) : DomainException($"Lease {leaseId} serves no port {port}.");
