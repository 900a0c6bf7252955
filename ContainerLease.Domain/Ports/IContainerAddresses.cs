namespace ContainerLease.Domain.Ports;

/// <summary>Where the port proxy reaches a container: its address on the installation's bridge.</summary>
public interface IContainerAddresses
{
    /// <summary>
    /// The container's IPv4 address on the installation's bridge; null when it is gone, not
    /// managed by this installation, or on no bridge. May be remembered for a few seconds, as a
    /// running container keeps its address; <see cref="Forget"/> drops what is remembered.
    /// </summary>
    Task<string?> AddressAsync(string containerId, CancellationToken ct = default);

    /// <summary>Drops what is remembered for the container, after a request to it failed.</summary>
    void Forget(string containerId);
}
