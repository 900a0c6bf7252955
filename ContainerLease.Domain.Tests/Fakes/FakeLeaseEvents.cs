using ContainerLease.Domain.Leases;
using ContainerLease.Domain.Ports;

namespace ContainerLease.Domain.Tests.Fakes;

/// <summary>Records which leases open pages were told about, in order.</summary>
public sealed class FakeLeaseEvents : ILeaseEvents
{
    private readonly List<LeaseId> _changed = [];

    public IReadOnlyList<LeaseId> Changed
    {
        get
        {
            lock (_changed)
            {
                return [.. _changed];
            }
        }
    }

    public Task ChangedAsync(Lease lease, CancellationToken ct = default)
    {
        lock (_changed)
        {
            _changed.Add(lease.Id);
        }

        return Task.CompletedTask;
    }
}
