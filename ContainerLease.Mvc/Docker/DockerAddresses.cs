using System.Collections.Concurrent;
using ContainerLease.Domain.Leases;
using ContainerLease.Domain.Policy;
using ContainerLease.Domain.Ports;
using Docker.DotNet;

namespace ContainerLease.Mvc.Docker;

/// <summary>
/// A managed container's address on one of the installation's bridges, from the engine. Each
/// answer is remembered for <see cref="Remembered"/>: the proxy asks on every request, and an
/// inspection costs a millisecond or more, while a running container keeps its address. The
/// proxy checks the lease on every request all the same (see ILeaseStore.GetRecentAsync), so an ended lease stops at once.
/// </summary>
internal sealed class DockerAddresses(IDockerClient docker, DockerCalls calls, LeaseOptions leases, TimeProvider time) : IContainerAddresses
{
    private static readonly TimeSpan Remembered = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, (string? Address, DateTimeOffset Until)> _known = new(StringComparer.Ordinal);

    public async Task<string?> AddressAsync(string containerId, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        if (_known.TryGetValue(containerId, out var known) && known.Until > now)
        {
            return known.Address;
        }

        var address = await InspectAsync(containerId, ct);
        if (address is not null)
        {
            _known[containerId] = (address, now + Remembered);
        }

        if (_known.Count > 10_000)
        {
            // Containers come and go; old entries must not pile up for ever.
            foreach (var (id, entry) in _known)
            {
                if (entry.Until <= now)
                {
                    _known.TryRemove(id, out _);
                }
            }
        }

        return address;
    }

    public void Forget(string containerId) => _known.TryRemove(containerId, out _);

    private async Task<string?> InspectAsync(string containerId, CancellationToken ct)
    {
        try
        {
            var container = await calls.RunAsync(() => docker.Containers.InspectContainerAsync(containerId, ct), ct);
            var labels = container.Config.Labels;
            if (labels is null || !labels.TryGetValue(LeaseLabels.Managed, out var managed) || managed != "true"
                || !labels.TryGetValue(LeaseLabels.Installation, out var installation) || installation != leases.InstallationId)
            {
                return null;
            }

            var networks = container.NetworkSettings?.Networks;
            foreach (var egress in (string[])[Domain.Catalog.CatalogImage.InternetEgress, Domain.Catalog.CatalogImage.LanEgress])
            {
                if (networks is not null && networks.TryGetValue(LeaseNetwork.Name(leases.InstallationId, egress), out var network)
                    && !string.IsNullOrEmpty(network.IPAddress))
                {
                    return network.IPAddress;
                }
            }

            return null;
        }
        catch (DockerContainerNotFoundException)
        {
            return null;
        }
    }
}
