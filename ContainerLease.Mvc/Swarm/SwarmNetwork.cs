using System.Net;
using ContainerLease.Domain.Leases;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace ContainerLease.Mvc.Swarm;

/// <summary>
/// The installation's network for its leases on a Swarm: an internal overlay, so a lease has no
/// route out of the cluster and to no host's services. Swarm has no <c>none</c> network for a
/// service (the manager answers "network none not found"), and a service without a network is put
/// on its node's default bridge, with a way out: this is the nearest to <c>none</c> a service gets,
/// and its gap (the installation's leases can reach each other on it) is one of <see cref="SwarmSandbox.Gaps"/>.
/// </summary>
internal static class SwarmNetwork
{
    public static string Name(string installationId) => $"containerlease-{installationId}-leases";

    /// <summary>Creates the network unless it exists; two instances racing both succeed.</summary>
    public static async Task<string> EnsureAsync(IDockerClient docker, string installationId, CancellationToken ct)
    {
        var name = Name(installationId);
        try
        {
            await docker.Networks.InspectNetworkAsync(name, ct);
            return name;
        }
        catch (DockerNetworkNotFoundException)
        {
        }

        try
        {
            await docker.Networks.CreateNetworkAsync(new NetworksCreateParameters
            {
                Name = name,
                Driver = "overlay",
                Internal = true,
                Attachable = false,
                CheckDuplicate = true,
                Labels = new Dictionary<string, string> { [LeaseLabels.Managed] = "true", [LeaseLabels.Installation] = installationId },
            }, ct);
        }
        catch (DockerApiException ex) when (ex.StatusCode == HttpStatusCode.Conflict)
        {
            // Another instance made it first.
        }

        return name;
    }
}
