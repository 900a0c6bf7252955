using ContainerLease.Domain.Leases;

namespace ContainerLease.Domain.Ports;

/// <summary>Arranges for <see cref="LeaseEndings.ExpireAsync"/> to run for a lease at its expiry, and <see cref="LeaseWarnings.WarnAsync"/> at each warning still ahead of it.</summary>
public interface IExpiryScheduler
{
    Task ScheduleAsync(LeaseId id, DateTimeOffset expiresAt, CancellationToken ct = default);
}
