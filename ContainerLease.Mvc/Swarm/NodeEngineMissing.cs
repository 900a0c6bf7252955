using ContainerLease.Domain.Errors;
using ContainerLease.Domain.Files;
using ContainerLease.Domain.Ports;

namespace ContainerLease.Mvc.Swarm;

/// <summary>
/// In swarm mode, what needs the engine of the node that runs a lease's task (commands, terminals,
/// files, usage, pause, the port proxy): the manager cannot do it, so without <c>Swarm:Nodes</c>
/// (and always for the port proxy, which would need the overlay network) each answers a
/// <see cref="CapabilityUnavailableException"/> (501) saying so, while the lease's lifecycle and
/// logs work through the manager.
/// </summary>
internal sealed class NodeEngineMissing : IContainerExec, IContainerTerminals, IContainerFiles, IContainerStats, IContainerPause, IContainerAddresses
{
    public Task<ExecExit> RunAsync(string containerId, ExecSpec spec, Func<ExecOutput, CancellationToken, ValueTask> onOutput, CancellationToken stopToken) =>
        throw Missing("exec", "Running a command");

    public Task<ITerminalProcess> StartAsync(string containerId, string shell, TerminalSize size, CancellationToken ct = default) =>
        throw Missing("terminal", "A terminal");

    public Task WriteAsync(string containerId, ContainerPath path, FileUpload upload, string? owner, CancellationToken ct = default) =>
        throw Missing("files", "Copying files");

    public Task<ContainerFile> ReadAsync(string containerId, ContainerPath path, CancellationToken ct = default) =>
        throw Missing("files", "Copying files");

    public Task<ContainerUsage?> ReadAsync(string containerId, CancellationToken ct = default) =>
        throw Missing("stats", "Reading a lease's usage");

    public Task<ContainerUsage?> PeekAsync(string containerId, CancellationToken ct = default) =>
        throw Missing("stats", "Reading a lease's usage");

    public IAsyncEnumerable<ContainerUsage> StreamAsync(string containerId, CancellationToken ct = default) =>
        throw Missing("stats", "Reading a lease's usage");

    public Task<bool> PauseAsync(string containerId, CancellationToken ct = default) =>
        throw Missing("pause", "Pausing");

    public Task<bool> ResumeAsync(string containerId, CancellationToken ct = default) =>
        throw Missing("pause", "Resuming");

    public Task<string?> AddressAsync(string containerId, CancellationToken ct = default) =>
        throw Missing("ports", "Reaching a lease's ports");

    public void Forget(string containerId)
    {
    }

    private static CapabilityUnavailableException Missing(string capability, string what) =>
        new(capability, $"{what} needs the Docker engine of the node that runs the lease, and this installation runs its leases on a Swarm "
            + "through its manager only (no Swarm:Nodes:<hostname>:Endpoint is set): lifecycle and logs work, this does not.");
}
