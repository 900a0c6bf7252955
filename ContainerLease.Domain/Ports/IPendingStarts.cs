using ContainerLease.Domain.Leases;

namespace ContainerLease.Domain.Ports;

/// <summary>
/// Finishes, in the background, the provision of a lease that waits for its image pull
/// (<see cref="LeaseProvisioner.StartPulledAsync"/>): durably, so that it is finished by another
/// instance, or after a restart, when the one that took the request stops.
/// </summary>
public interface IPendingStarts
{
    void Enqueue(LeaseId id);
}
