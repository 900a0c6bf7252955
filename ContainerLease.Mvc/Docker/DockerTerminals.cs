using ContainerLease.Domain.Ports;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace ContainerLease.Mvc.Docker;

/// <summary>
/// Shells on a TTY through the engine's exec API. Docker cannot kill an exec, so each shell's
/// environment carries a marker of its own that its children inherit, and ending the session runs
/// a second exec that kills every process in the container whose environment holds the marker:
/// this works inside the sandbox (same user, no capability needed) and takes the shell's
/// children with it.
/// </summary>
internal sealed class DockerTerminals(IDockerClient docker, DockerCalls calls, ILogger<DockerTerminals> logger) : IContainerTerminals
{
    public const string MarkerVariable = "CONTAINERLEASE_TERMINAL";

    public async Task<ITerminalProcess> StartAsync(string containerId, string shell, TerminalSize size, CancellationToken ct = default)
    {
        var marker = Guid.NewGuid().ToString("N");
        var exec = await calls.RunAsync(() => docker.Exec.ExecCreateContainerAsync(containerId, new ContainerExecCreateParameters
        {
            Cmd = [shell],
            Tty = true,
            AttachStdin = true,
            AttachStdout = true,
            AttachStderr = true,
            Env = [$"{MarkerVariable}={marker}", "TERM=xterm-256color"],
        }, ct), ct);
        var stream = await calls.RunAsync(() => docker.Exec.StartAndAttachContainerExecAsync(exec.ID, tty: true, ct), ct);
        var process = new DockerTerminalProcess(docker, calls, containerId, exec.ID, marker, stream, logger);
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
