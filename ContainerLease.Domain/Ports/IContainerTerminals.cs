namespace ContainerLease.Domain.Ports;

/// <summary>Interactive shells in a running container: a process on a TTY, its input and its output as bytes.</summary>
public interface IContainerTerminals
{
    /// <summary>Starts <paramref name="shell"/> in the container on a TTY of the given size, as the container's own user.</summary>
    Task<ITerminalProcess> StartAsync(string containerId, string shell, TerminalSize size, CancellationToken ct = default);
}

/// <summary>A terminal's width and height, in characters.</summary>
public readonly record struct TerminalSize(int Columns, int Rows)
{
    public const int Max = 1000;

    public bool IsValid => Columns is >= 1 and <= Max && Rows is >= 1 and <= Max;
}

/// <summary>
/// One shell on a TTY. Reads and writes may run at the same time (one reader, one writer).
/// Disposing ends the shell and everything it started.
/// </summary>
public interface ITerminalProcess : IAsyncDisposable
{
    /// <summary>The next bytes the TTY printed; 0 when the shell has exited or its container is gone.</summary>
    ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct);

    /// <summary>Bytes as typed: keystrokes, pastes, control characters (Ctrl-C is 0x03).</summary>
    Task WriteAsync(ReadOnlyMemory<byte> input, CancellationToken ct);

    Task ResizeAsync(TerminalSize size, CancellationToken ct);

    /// <summary>The shell's exit code once it has exited; null while it runs or when the engine cannot tell.</summary>
    Task<long?> ExitCodeAsync(CancellationToken ct);
}
