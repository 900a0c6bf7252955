using System.ComponentModel;
using ContainerLease.Domain.Leases;

namespace ContainerLease.Mvc.Jobs;

/// <summary>
/// Pulls the image of a lease that waits for it and starts its container
/// (<see cref="LeaseProvisioner.StartPulledAsync"/>). A failed pull ends the lease there; what
/// throws is an engine or store that did not answer, tried again with the jobs' backoff (<c>Jobs:Retry*</c>). A start lost
/// beyond the attempts is ended by the sweep once the provision timeout has passed.
/// </summary>
public sealed class StartPulledLeaseJob(LeaseProvisioner provisioner)
{
    [DisplayName("Pull the image of lease {0} and start it")]
    public Task RunAsync(string leaseId, CancellationToken ct) => provisioner.StartPulledAsync(LeaseId.Parse(leaseId), ct);
}
