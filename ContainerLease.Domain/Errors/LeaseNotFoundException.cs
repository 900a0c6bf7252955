namespace ContainerLease.Domain.Errors;

public sealed class LeaseNotFoundException(string leaseId) : Exception($"There is no lease '{Echo.Of(leaseId)}'.")
{
    public string LeaseId { get; } = leaseId;
}
