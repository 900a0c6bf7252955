using ContainerLease.Domain.Images;
using ContainerLease.Domain.Leases;

namespace ContainerLease.Domain.Ports;

/// <summary>Shows the pull a lease waits for to those who may see the lease, as it goes (its row's progress bar).</summary>
public interface IPullProgressFeed
{
    IProgress<PullProgress> Follow(Lease lease);
}
