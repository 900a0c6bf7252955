using System.Net;
using System.Security.Cryptography;
using System.Text;
using ContainerLease.Domain.Leases;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace ContainerLease.Mvc.Docker;

/// <summary>
/// The bridge network for catalog entries that ask for one: the installation's own, never
/// Docker's default bridge. Leased containers on it cannot reach each other (inter-container
/// traffic off), nor other Docker networks (Docker isolates bridges from each other). Its host
/// interface has a known prefix, <see cref="InterfacePrefix"/>, so one host firewall rule
/// (installed by scripts/setup.sh) keeps them off the host's own services, such as Redis.
/// </summary>
internal static class LeaseNetwork
{
    /// <summary>Catalog value for the isolated bridge.</summary>
    public const string Bridge = "bridge";

    public const string InterfacePrefix = "cl-";

    public static string Name(string installationId) => "containerlease-" + installationId;

    /// <summary>Linux interface names are at most 15 characters, so the installation is hashed.</summary>
    public static string InterfaceName(string installationId) =>
        InterfacePrefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(installationId)))[..12];

    public static string InstallationOf(IReadOnlyDictionary<string, string> labels) =>
        labels.TryGetValue(LeaseLabels.Installation, out var installation) ? installation : throw new InvalidOperationException("A leased container must carry its installation label.");

    /// <summary>Creates the network unless it exists; two instances racing both succeed.</summary>
    public static async Task EnsureAsync(IDockerClient docker, string installationId, CancellationToken ct)
    {
        var name = Name(installationId);
        try
        {
            await docker.Networks.InspectNetworkAsync(name, ct);
            return;
        }
        catch (DockerNetworkNotFoundException)
        {
        }

        try
        {
            await docker.Networks.CreateNetworkAsync(new NetworksCreateParameters
            {
                Name = name,
                Driver = "bridge",
                CheckDuplicate = true,
                Labels = new Dictionary<string, string> { [LeaseLabels.Managed] = "true", [LeaseLabels.Installation] = installationId },
                Options = new Dictionary<string, string>
                {
                    ["com.docker.network.bridge.enable_icc"] = "false",
                    ["com.docker.network.bridge.name"] = InterfaceName(installationId),
                },
            }, ct);
        }
        catch (DockerApiException ex) when (ex.StatusCode == HttpStatusCode.Conflict)
        {
            // Another instance made it first.
        }
    }
}
