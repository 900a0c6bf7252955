namespace ContainerLease.Domain.Leases;

/// <summary>Where a request for a lease's port goes, or why it goes nowhere.</summary>
public sealed record PortRoute(PortRouteStatus Status, string Detail, Lease? Lease = null, Uri? Destination = null)
{
    public static PortRoute Open(Lease lease, Uri destination) => new(PortRouteStatus.Open, string.Empty, lease, destination);
}

public enum PortRouteStatus
{
    Open,

    /// <summary>No such lease, another user's, or one that has ended: all answer alike.</summary>
    NoLease,

    /// <summary>The lease's catalog entry does not list the port.</summary>
    NoPort,

    /// <summary>The container is frozen; the request may be tried again after a resume.</summary>
    Paused,

    /// <summary>The lease is active but its container is not on the bridge (gone, or no longer managed).</summary>
    Unreachable,

    /// <summary>The link was made before its lease's links were revoked.</summary>
    LinkRevoked,
}
