using ContainerLease.Domain.Ports;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace ContainerLease.Mvc.Docker;

/// <summary>
/// Shells on a TTY through the engine's exec API. Docker cannot kill an exec, so each shell's
/// environment carries a marker of its own that its children inherit, and ending the session has
/// <see cref="ExecKiller"/> kill every process in the container that holds it, as it does for commands.
/// </summary>
internal sealed class DockerTerminals(IDockerClient docker, DockerCalls calls, ExecKiller killer) : IContainerTerminals
{
    public async Task<ITerminalProcess> StartAsync(string containerId, string shell, TerminalSize size, CancellationToken ct = default)
    {
        var marker = ExecKiller.NewMarker();
        var exec = await calls.RunAsync(() => docker.Exec.ExecCreateContainerAsync(containerId, new ContainerExecCreateParameters
        {
            Cmd = [shell],
            Tty = true,
            AttachStdin = true,
            AttachStdout = true,
            AttachStderr = true,
            Env = [marker, "TERM=xterm-256color"],
        }, ct), ct);
        var stream = await calls.RunAsync(() => docker.Exec.StartAndAttachContainerExecAsync(exec.ID, tty: true, ct), ct);
        var process = new DockerTerminalProcess(docker, calls, killer, containerId, exec.ID, marker, stream);
        try
        {
            await process.ResizeAsync(size, ct);
            return process;
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }
}
