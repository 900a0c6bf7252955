using ContainerLease.Domain.Ports;
using ContainerLease.Mvc.Terminal;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace ContainerLease.Mvc.Docker;

/// <summary>One shell started by <see cref="DockerTerminals"/>: a hijacked exec connection, raw bytes both ways (a TTY has no stdout/stderr framing).</summary>
internal sealed class DockerTerminalProcess(
    IDockerClient docker,
    DockerCalls calls,
    string containerId,
    string execId,
    string marker,
    MultiplexedStream stream,
    ILogger logger) : ITerminalProcess
{
    /// <summary>
    /// Kills every process whose environment holds the marker (the shell and all it started), with
    /// nothing but sh, grep and kill. The marker is an argument here, not in this script's own environment.
    /// </summary>
    private const string KillScript =
        """for d in /proc/[0-9]*; do grep -qs "$1" "$d/environ" && kill -9 "${d#/proc/}" 2>/dev/null; done; exit 0""";

    private static readonly TimeSpan KillTimeout = TimeSpan.FromSeconds(10);

    // The hub serialises a connection's calls, but two tabs' resizes and typing must never interleave on the socket.
    private readonly SemaphoreSlim _writing = new(1, 1);
    private int _disposed;

    public async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct)
    {
        var array = new byte[buffer.Length];
        var result = await stream.ReadOutputAsync(array, 0, array.Length, ct);
        array.AsSpan(0, result.Count).CopyTo(buffer.Span);
        return result.Count;
    }

    public async Task WriteAsync(ReadOnlyMemory<byte> input, CancellationToken ct)
    {
        await _writing.WaitAsync(ct);
        try
        {
            await stream.WriteAsync(input.ToArray(), 0, input.Length, ct);
        }
        finally
        {
            _writing.Release();
        }
    }

    public Task ResizeAsync(TerminalSize size, CancellationToken ct) =>
        calls.RunAsync(() => docker.Exec.ResizeContainerExecTtyAsync(execId, new ContainerResizeParameters { Width = size.Columns, Height = size.Rows }, ct), ct);

    public async Task<long?> ExitCodeAsync(CancellationToken ct)
    {
        try
        {
            var exec = await calls.RunAsync(() => docker.Exec.InspectContainerExecAsync(execId, ct), ct);
            return exec.Running ? null : exec.ExitCode;
        }
        catch (DockerApiException ex) when (ex.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(KillTimeout);
        try
        {
            if (await ExitCodeAsync(timeout.Token) is null)
            {
                await KillAsync(timeout.Token);
            }
        }
        catch (Exception ex) when (ex is DockerApiException or Domain.Errors.DependencyUnavailableException or OperationCanceledException)
        {
            // The container may be gone already (its lease ended); anything else is worth a warning.
            if (ex is not DockerContainerNotFoundException)
            {
                TerminalLog.KillFailed(logger, ex, containerId);
            }
        }
        finally
        {
            stream.Dispose();
            _writing.Dispose();
        }
    }

    private async Task KillAsync(CancellationToken ct)
    {
        var kill = await calls.RunAsync(() => docker.Exec.ExecCreateContainerAsync(containerId, new ContainerExecCreateParameters
        {
            Cmd = ["sh", "-c", KillScript, "kill", $"{DockerTerminals.MarkerVariable}={marker}"],
            AttachStdout = true,
            AttachStderr = true,
        }, ct), ct);
        using var output = await calls.RunAsync(() => docker.Exec.StartAndAttachContainerExecAsync(kill.ID, tty: false, ct), ct);
        await output.ReadOutputToEndAsync(ct);
    }
}
