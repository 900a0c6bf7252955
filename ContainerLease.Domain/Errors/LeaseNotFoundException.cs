namespace ContainerLease.Domain.Errors;

public sealed class LeaseNotFoundException(string leaseId) : Exception($"There is no lease '{leaseId}'.")
{
    public string LeaseId { get; } = leaseId;
}
