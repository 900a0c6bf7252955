using System.Net;
using System.Security.Cryptography;
using System.Text;
using ContainerLease.Domain.Catalog;
using ContainerLease.Domain.Leases;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace ContainerLease.Mvc.Docker;

/// <summary>
/// The bridge networks for catalog entries that ask for one: the installation's own, never
/// Docker's default bridge, one per egress class. Leased containers on them cannot reach each
/// other (inter-container traffic off), nor other Docker networks (Docker isolates bridges from
/// each other). Their host interfaces have a known prefix, <see cref="InterfacePrefix"/>, so host
/// firewall rules (installed by scripts/setup.sh) keep them off the host's own services, link-local
/// addresses and, unless the entry's egress is <c>lan</c> (<see cref="LanInterfacePrefix"/>), private ranges.
/// </summary>
internal static class LeaseNetwork
{
    /// <summary>Catalog value for the isolated bridge.</summary>
    public const string Bridge = "bridge";

    public const string InterfacePrefix = "cl-";

    /// <summary>A hex digit never follows <see cref="InterfacePrefix"/> with an <c>l</c>, so the internet bridges never match this.</summary>
    public const string LanInterfacePrefix = "cl-l";

    public static string Name(string installationId, string egress) =>
        "containerlease-" + installationId + (egress == CatalogImage.LanEgress ? "-lan" : "");

    /// <summary>Linux interface names are at most 15 characters, so the installation is hashed.</summary>
    public static string InterfaceName(string installationId, string egress) =>
        egress == CatalogImage.LanEgress ? LanInterfacePrefix + Hash(installationId)[..11] : InterfacePrefix + Hash(installationId)[..12];

    private static string Hash(string installationId) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(installationId)));

    public static string InstallationOf(IReadOnlyDictionary<string, string> labels) =>
        labels.TryGetValue(LeaseLabels.Installation, out var installation) ? installation : throw new InvalidOperationException("A leased container must carry its installation label.");

    /// <summary>Creates the network unless it exists; two instances racing both succeed.</summary>
    public static async Task EnsureAsync(IDockerClient docker, string installationId, string egress, CancellationToken ct)
    {
        var name = Name(installationId, egress);
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
                    ["com.docker.network.bridge.name"] = InterfaceName(installationId, egress),
                },
            }, ct);
        }
        catch (DockerApiException ex) when (ex.StatusCode == HttpStatusCode.Conflict)
        {
            // Another instance made it first.
        }
    }
}
