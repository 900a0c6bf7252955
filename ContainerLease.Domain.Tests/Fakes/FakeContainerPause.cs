using ContainerLease.Domain.Ports;

namespace ContainerLease.Domain.Tests.Fakes;

/// <summary>Pauses containers of a <see cref="FakeContainerRuntime"/>: a container that vanished cannot be paused.</summary>
public sealed class FakeContainerPause(FakeContainerRuntime runtime) : IContainerPause
{
    public HashSet<string> Paused { get; } = [];

    public int Calls { get; private set; }

    public async Task<bool> PauseAsync(string containerId, CancellationToken ct = default)
    {
        Calls++;
        return await runtime.IsManagedAsync(containerId, ct) && (Paused.Add(containerId) || true);
    }

    public async Task<bool> ResumeAsync(string containerId, CancellationToken ct = default)
    {
        Calls++;
        return await runtime.IsManagedAsync(containerId, ct) && (Paused.Remove(containerId) || true);
    }
}
