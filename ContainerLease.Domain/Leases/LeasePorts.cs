using ContainerLease.Domain.Catalog;
using ContainerLease.Domain.Errors;
using ContainerLease.Domain.Ports;

namespace ContainerLease.Domain.Leases;

/// <summary>
/// The access check of the port proxy, which runs on every proxied request: the caller is the
/// owner or an admin (or holds a link for this one port of this one lease), the lease is active,
/// its entry lists the port, and its container is a managed one on the bridge. It answers with a
/// status rather than an error, because a proxy answers each case with its own status code.
/// </summary>
public sealed class LeasePorts(ILeaseStore store, ImageCatalog catalog, IContainerAddresses addresses, TimeProvider time)
{
    /// <param name="caller">The signed-in caller; null when the request holds a link already verified for this lease and port.</param>
    /// <param name="linkMadeAt">When that link was made: one made before the lease's links were revoked is refused.</param>
    public async Task<PortRoute> OpenAsync(string leaseId, int port, LeaseCaller? caller, DateTimeOffset? linkMadeAt = null, CancellationToken ct = default)
    {
        if (!LeaseId.TryParse(leaseId, out var id) || await store.GetRecentAsync(id, ct) is not { } lease
            || (caller is not null && !caller.MaySee(lease)) || lease.Status != LeaseStatus.Active)
        {
            return new PortRoute(PortRouteStatus.NoLease, $"There is no active lease {leaseId} for you.");
        }

        if (caller is null && lease.LinksRevokedAt is { } revoked && linkMadeAt <= revoked)
        {
            return new PortRoute(PortRouteStatus.LinkRevoked, $"The links to lease {leaseId} made before {revoked:u} were revoked; ask the lease's owner for a new one.", lease);
        }

        if (catalog.Find(lease.ImageType) is not { } entry || !entry.Serves(port))
        {
            return new PortRoute(PortRouteStatus.NoPort, $"Lease {leaseId} serves no port {port}.");
        }

        if (lease.IsPaused)
        {
            return new PortRoute(PortRouteStatus.Paused, $"Lease {leaseId} is paused; its port answers again once it is resumed.", lease);
        }

        return await addresses.AddressAsync(lease.ContainerId, ct) is { } address
            ? PortRoute.Open(lease, new Uri($"http://{address}:{port}/"))
            : new PortRoute(PortRouteStatus.Unreachable, $"The container of lease {leaseId} is not on the installation's bridge.", lease);
    }

    /// <summary>
    /// The deadline of a share link for one port: <paramref name="lifetime"/> from now, or the
    /// lease's expiry when that comes first or no lifetime is given. Only the owner or an admin
    /// may share, and only a port the lease serves while it is active.
    /// </summary>
    public async Task<(Lease Lease, DateTimeOffset Deadline)> ShareAsync(LeaseId id, int port, LeaseCaller caller, TimeSpan? lifetime, CancellationToken ct = default)
    {
        if (lifetime is { } asked && asked <= TimeSpan.Zero)
        {
            throw new LeaseValidationException(LeaseValidationException.DurationField, "A share link must last at least a second.");
        }

        if (await store.GetAsync(id, ct) is not { } lease || !caller.MaySee(lease))
        {
            throw new LeaseNotFoundException(id.Value);
        }

        if (lease.Status != LeaseStatus.Active)
        {
            throw new LeaseConflictException($"Lease {id} {lease.NotActive}; there is nothing to share.");
        }

        if (catalog.Find(lease.ImageType) is not { } entry || !entry.Serves(port))
        {
            throw new PortNotServedException(id.Value, port);
        }

        var deadline = lifetime is { } wanted && time.GetUtcNow() + wanted < lease.ExpiresAt ? time.GetUtcNow() + wanted : lease.ExpiresAt;
        return (lease, deadline);
    }

    /// <summary>The ports the lease's entry serves, for its list of URLs.</summary>
    public IReadOnlyList<int> PortsOf(Lease lease) => catalog.Find(lease.ImageType)?.PortNumbers ?? [];
}
