using System.Runtime.CompilerServices;
using ContainerLease.Domain.Files;
using ContainerLease.Domain.Ports;

namespace ContainerLease.Mvc.Swarm;

/// <summary>
/// In swarm mode with <c>Swarm:Nodes</c> set: commands, terminals, files, usage and pause of a lease
/// run on the engine of the node that runs its task, through the Docker engine's own adapters
/// (<see cref="NodeEngines"/>). A node without an entry answers 501 naming it.
/// </summary>
internal sealed class NodeCapabilities(NodeEngines nodes) : IContainerExec, IContainerTerminals, IContainerFiles, IContainerStats, IContainerPause
{
    public async Task<ExecExit> RunAsync(string containerId, ExecSpec spec, Func<ExecOutput, CancellationToken, ValueTask> onOutput, CancellationToken stopToken)
    {
        var (engine, container) = await nodes.ResolveAsync(containerId, stopToken);
        return await engine.Exec.RunAsync(container, spec, onOutput, stopToken);
    }

    public async Task<ITerminalProcess> StartAsync(string containerId, string shell, TerminalSize size, CancellationToken ct = default)
    {
        var (engine, container) = await nodes.ResolveAsync(containerId, ct);
        return await engine.Terminals.StartAsync(container, shell, size, ct);
    }

    public async Task WriteAsync(string containerId, ContainerPath path, FileUpload upload, string? owner, CancellationToken ct = default)
    {
        var (engine, container) = await nodes.ResolveAsync(containerId, ct);
        await engine.Files.WriteAsync(container, path, upload, owner, ct);
    }

    public async Task<ContainerFile> ReadAsync(string containerId, ContainerPath path, CancellationToken ct = default)
    {
        var (engine, container) = await nodes.ResolveAsync(containerId, ct);
        return await engine.Files.ReadAsync(container, path, ct);
    }

    public async Task<ContainerUsage?> ReadAsync(string containerId, CancellationToken ct = default)
    {
        var (engine, container) = await nodes.ResolveAsync(containerId, ct);
        return await engine.Stats.ReadAsync(container, ct);
    }

    public async Task<ContainerUsage?> PeekAsync(string containerId, CancellationToken ct = default)
    {
        var (engine, container) = await nodes.ResolveAsync(containerId, ct);
        return await engine.Stats.PeekAsync(container, ct);
    }

    public async IAsyncEnumerable<ContainerUsage> StreamAsync(string containerId, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var (engine, container) = await nodes.ResolveAsync(containerId, ct);
        await foreach (var usage in engine.Stats.StreamAsync(container, ct))
        {
            yield return usage;
        }
    }

    public async Task<bool> PauseAsync(string containerId, CancellationToken ct = default)
    {
        var (engine, container) = await nodes.ResolveAsync(containerId, ct);
        return await engine.Pause.PauseAsync(container, ct);
    }

    public async Task<bool> ResumeAsync(string containerId, CancellationToken ct = default)
    {
        var (engine, container) = await nodes.ResolveAsync(containerId, ct);
        return await engine.Pause.ResumeAsync(container, ct);
    }
}
