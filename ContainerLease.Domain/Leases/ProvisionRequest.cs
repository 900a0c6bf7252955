namespace ContainerLease.Domain.Leases;

public sealed record ProvisionRequest(string ImageType, TimeSpan Duration, string Owner);
