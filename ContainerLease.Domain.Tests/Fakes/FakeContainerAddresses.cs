using ContainerLease.Domain.Ports;

namespace ContainerLease.Domain.Tests.Fakes;

/// <summary>Bridge addresses by container id; a container not listed is not on the bridge.</summary>
public sealed class FakeContainerAddresses : IContainerAddresses
{
    public Dictionary<string, string> Addresses { get; } = new(StringComparer.Ordinal);

    public List<string> Forgotten { get; } = [];

    public Task<string?> AddressAsync(string containerId, CancellationToken ct = default) =>
        Task.FromResult(Addresses.GetValueOrDefault(containerId));

    public void Forget(string containerId) => Forgotten.Add(containerId);
}
