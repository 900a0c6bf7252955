using ContainerLease.Domain.Errors;
using ContainerLease.Domain.Leases;
using ContainerLease.Domain.Ports;

namespace ContainerLease.Mvc.Docker;

internal static class ContainerStateLookup
{
    /// <summary>
    /// A lease's container as pages and the API show it: null once the lease has ended, or while it has none yet (pulling),
    /// <c>missing</c> when the container is gone, <c>unknown</c> while the engine does not answer
    /// (the lease is still worth showing then).
    /// </summary>
    public static async Task<ContainerState?> InspectForDisplayAsync(this IContainerRuntime runtime, Lease lease, CancellationToken ct)
    {
        if (lease.Status is LeaseStatus.Ended or LeaseStatus.Pulling)
        {
            return null;
        }

        try
        {
            return await runtime.InspectAsync(lease.ContainerId, ct) ?? new ContainerState("missing", false, null);
        }
        catch (DependencyUnavailableException)
        {
            return new ContainerState("unknown", false, null);
        }
    }
}
