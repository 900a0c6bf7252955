using ContainerLease.Domain.Leases;

namespace ContainerLease.Domain.Ports;

/// <summary>Arranges for <see cref="LeaseService.ExpireAsync"/> to run for a lease at its expiry.</summary>
public interface IExpiryScheduler
{
    Task ScheduleAsync(LeaseId id, DateTimeOffset expiresAt, CancellationToken ct = default);
}
