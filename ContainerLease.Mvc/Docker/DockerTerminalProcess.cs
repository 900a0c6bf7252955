using System.Runtime.InteropServices;
using ContainerLease.Domain.Ports;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace ContainerLease.Mvc.Docker;

/// <summary>One shell started by <see cref="DockerTerminals"/>: a hijacked exec connection, raw bytes both ways (a TTY has no stdout/stderr framing).</summary>
internal sealed class DockerTerminalProcess(
    IDockerClient docker,
    DockerCalls calls,
    ExecKiller killer,
    string containerId,
    string execId,
    string marker,
    MultiplexedStream stream) : ITerminalProcess
{
    // The hub serialises a connection's calls, but two tabs' resizes and typing must never interleave on the socket.
    private readonly SemaphoreSlim _writing = new(1, 1);
    private int _disposed;

    public async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct)
    {
        // The session reads into one array of its own; a copy is made only for other memory.
        if (MemoryMarshal.TryGetArray<byte>(buffer, out var segment))
        {
            return (await stream.ReadOutputAsync(segment.Array!, segment.Offset, segment.Count, ct)).Count;
        }

        var array = new byte[buffer.Length];
        var read = (await stream.ReadOutputAsync(array, 0, array.Length, ct)).Count;
        array.AsSpan(0, read).CopyTo(buffer.Span);
        return read;
    }

    public async Task WriteAsync(ReadOnlyMemory<byte> input, CancellationToken ct)
    {
        var bytes = MemoryMarshal.TryGetArray(input, out var segment) ? segment : new ArraySegment<byte>(input.ToArray());
        await _writing.WaitAsync(ct);
        try
        {
            await stream.WriteAsync(bytes.Array!, bytes.Offset, bytes.Count, ct);
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

        // The killer never throws: what it could not kill (the container gone, or paused) it logs.
        // A shell that has exited needs nothing killed, unless it left children behind.
        await killer.KillAsync(containerId, marker);
        stream.Dispose();
        _writing.Dispose();
    }
}
