using ContainerLease.Domain.Leases;
using ContainerLease.Domain.Ports;

namespace ContainerLease.Domain.Tests.Fakes;

/// <summary>Records the starts queued; a test runs them itself (<see cref="LeaseProvisioner.StartPulledAsync"/>).</summary>
public sealed class FakePendingStarts : IPendingStarts
{
    public List<LeaseId> Queued { get; } = [];

    /// <summary>Thrown by <see cref="Enqueue"/> when set, as when the job store is down.</summary>
    public Exception? Failure { get; set; }

    public void Enqueue(LeaseId id)
    {
        if (Failure is { } failure)
        {
            throw failure;
        }

        Queued.Add(id);
    }
}
