namespace ContainerLease.Domain.Ports;

/// <summary>
/// Running a command in a container (a capability a runtime may lack: see <see cref="IContainerRuntime"/>).
/// Callers reach it only through <see cref="Exec.LeaseExec"/>, after the lease's access check.
/// </summary>
public interface IContainerExec
{
    /// <summary>
    /// Runs <paramref name="spec"/> in the container and hands its output to <paramref name="onOutput"/>
    /// as it arrives (the memory is reused once the call returns; the token it gets is cancelled when
    /// the output is given up). When <paramref name="stopToken"/> is cancelled (a timeout, a caller who
    /// left), the process and every process it started are killed before this returns; that is not
    /// an error. A container that is not running is <see cref="Errors.LeaseConflictException"/>.
    /// A program the container lacks is not an error either: the engine's exit code and its message as stderr.
    /// </summary>
    Task<ExecExit> RunAsync(string containerId, ExecSpec spec, Func<ExecOutput, CancellationToken, ValueTask> onOutput, CancellationToken stopToken);
}

/// <param name="Stdin">Written to standard input, which is then closed; null attaches none.</param>
public sealed record ExecSpec(IReadOnlyList<string> Command, string? Stdin);

/// <summary>A piece of a command's output, as the engine gave it: not cut at characters or lines.</summary>
public readonly record struct ExecOutput(bool IsStderr, ReadOnlyMemory<byte> Data);

/// <param name="ExitCode">The engine's exit code; null when the process was to be stopped and could not be (the adapter logged why).</param>
/// <param name="Stopped">The process was killed because the stop token was cancelled.</param>
public sealed record ExecExit(int? ExitCode, bool Stopped);
