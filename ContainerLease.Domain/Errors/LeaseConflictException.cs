namespace ContainerLease.Domain.Errors;

/// <summary>The request is valid but the lease's state forbids it (for example extending an ended lease).</summary>
public sealed class LeaseConflictException(string message) : DomainException(message);
