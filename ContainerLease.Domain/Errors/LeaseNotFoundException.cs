namespace ContainerLease.Domain.Errors;

public sealed class LeaseNotFoundException(string leaseId) : DomainException($"There is no lease '{Echo.Of(leaseId)}'.")
{
    public string LeaseId { get; } = leaseId;
}
