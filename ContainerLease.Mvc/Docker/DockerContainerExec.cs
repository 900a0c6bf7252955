using System.Buffers;
using System.Net;
using System.Text;
using ContainerLease.Domain.Errors;
using ContainerLease.Domain.Ports;
using ContainerLease.Mvc.Logging;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace ContainerLease.Mvc.Docker;

/// <summary>
/// Commands through the engine's exec API. The engine has no way to kill an exec, and the app may
/// run where it cannot see the host's processes, so each command carries a marker in its
/// environment (inherited by everything it starts) and, to stop it, a second exec in the same
/// container, as the same user, kills every process whose environment holds the marker
/// (<see cref="ExecKiller"/>). No capability is needed for that: the processes are the caller's own.
/// </summary>
internal sealed class DockerContainerExec(IDockerClient docker, DockerCalls calls, ExecKiller killer, TimeProvider time, ILogger<DockerContainerExec> logger) : IContainerExec
{
    /// <summary>How long the output may take to end once its processes were killed.</summary>
    private static readonly TimeSpan AfterKill = TimeSpan.FromSeconds(2);

    /// <summary>How long a killed command the engine still shows running is asked again for its exit code.</summary>
    private static readonly TimeSpan ExitWait = TimeSpan.FromSeconds(1);

    /// <summary>How often the engine is asked whether a command whose output has ended has exited too.</summary>
    private static readonly TimeSpan ExitPoll = TimeSpan.FromMilliseconds(20);

    private const int BufferBytes = 16 * 1024;

    public async Task<ExecExit> RunAsync(string containerId, ExecSpec spec, Func<ExecOutput, CancellationToken, ValueTask> onOutput, CancellationToken stopToken)
    {
        var marker = ExecKiller.NewMarker();
        var execId = await CreateAsync(containerId, spec, marker, stopToken);
        using var giveUp = new CancellationTokenSource();
        MultiplexedStream? stream = null;
        Task? copying = null;
        try
        {
            stream = await calls.RunAsync(
                () => docker.Exec.StartWithConfigContainerExecAsync(execId, new ContainerExecStartParameters { AttachStdin = spec.Stdin is not null, AttachStdout = true, AttachStderr = true }, stopToken),
                stopToken);
            copying = CopyAsync(execId, stream, spec.Stdin, onOutput, giveUp.Token);
            await copying.WaitAsync(stopToken);
            return new ExecExit(await ExitCodeAsync(execId, Timeout.InfiniteTimeSpan, stopToken), Stopped: false);
        }
        catch (OperationCanceledException) when (stopToken.IsCancellationRequested)
        {
            // A start cancelled on its way may still have started the command: it is looked for all the same.
            return new ExecExit(await StopAsync(containerId, execId, marker, copying, giveUp), Stopped: true);
        }
        catch (Exception ex) when (copying is not null && !copying.IsCompletedSuccessfully)
        {
            // The output broke off (the engine went away): nothing may run on unseen.
            AppLog.ExecOutputFailed(logger, ex, execId);
            await StopAsync(containerId, execId, marker, copying, giveUp);
            throw;
        }
        finally
        {
            // Only now, after any kill: closing the connection earlier would have the engine signal the
            // command itself (SIGTERM) while it is being killed, and lose its last output.
            stream?.Dispose();
        }
    }

    private async Task<string> CreateAsync(string containerId, ExecSpec spec, string marker, CancellationToken ct)
    {
        var parameters = new ContainerExecCreateParameters
        {
            Cmd = [.. spec.Command],
            Env = [marker],
            AttachStdin = spec.Stdin is not null,
            AttachStdout = true,
            AttachStderr = true,
        };
        try
        {
            return (await calls.RunAsync(() => docker.Exec.ExecCreateContainerAsync(containerId, parameters, ct), ct)).ID;
        }
        catch (DockerContainerNotFoundException)
        {
            throw new LeaseConflictException("The lease's container is not on the engine any more.");
        }
        catch (DockerApiException ex) when (ex.StatusCode == HttpStatusCode.Conflict)
        {
            // The engine's words: "Container ... is not running" or "... is paused".
            AppLog.ExecRefused(logger, containerId, DockerCalls.EngineMessage(ex));
            throw new LeaseConflictException("The lease's container is not running, so nothing can be run in it.");
        }
    }

    /// <summary>
    /// Kills the command's processes, then lets its output end; the output is given up if it does not.
    /// Returns the exit code, or null when the command could not be stopped.
    /// </summary>
    private async Task<int?> StopAsync(string containerId, string execId, string marker, Task? copying, CancellationTokenSource giveUp)
    {
        var killed = await killer.KillAsync(containerId, marker);
        if (copying is not null && !(killed && await EndsWithinAsync(copying, AfterKill)))
        {
            // Processes that could not be killed hold the output open: it is not waited for.
            await giveUp.CancelAsync();
            await EndsWithinAsync(copying, AfterKill);
        }

        return killed ? await ExitCodeAsync(execId, ExitWait, CancellationToken.None) : null;
    }

    private async Task<bool> EndsWithinAsync(Task copying, TimeSpan wait)
    {
        try
        {
            await copying.WaitAsync(wait, time);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
        catch (Exception ex) when (ex is OperationCanceledException or DependencyUnavailableException or IOException or InvalidOperationException)
        {
            // It ended, if not well: given up, cut off with its processes, or its reader gone
            // (a closed channel is an InvalidOperationException). The command is being stopped anyway.
            return true;
        }
    }

    /// <summary>Stdin is written by its own task while output is read, one of each at a time, so a command that answers before it has read all its input cannot stall either side.</summary>
    private async Task CopyAsync(string execId, MultiplexedStream stream, string? stdin, Func<ExecOutput, CancellationToken, ValueTask> onOutput, CancellationToken ct)
    {
        var writing = stdin is null ? Task.CompletedTask : WriteStdinAsync(stream, stdin, ct);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferBytes);
        try
        {
            bool? engineMessage = null;
            while (true)
            {
                var read = await calls.RunAsync(() => stream.ReadOutputAsync(buffer, 0, buffer.Length, ct), ct);
                if (read.EOF)
                {
                    break;
                }

                // A program the container lacks never starts: the engine then writes its own error on stdout, as `docker exec` shows it.
                engineMessage ??= read.Target == MultiplexedStream.TargetStream.StandardOut && await NeverStartedAsync(execId, ct);
                var stderr = read.Target != MultiplexedStream.TargetStream.StandardOut || engineMessage.Value;
                await onOutput(new ExecOutput(stderr, buffer.AsMemory(0, read.Count)), ct);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            await writing;
        }
    }

    private async Task WriteStdinAsync(MultiplexedStream stream, string stdin, CancellationToken ct)
    {
        var bytes = Encoding.UTF8.GetBytes(stdin);
        try
        {
            await calls.RunAsync(() => stream.WriteAsync(bytes, 0, bytes.Length, ct), ct);
            stream.CloseWrite();
        }
        catch (DependencyUnavailableException ex) when (ex.InnerException is IOException)
        {
            // The command ended without reading all of it, as `echo x | true` does: not an error of the command's.
            AppLog.ExecStdinUnread(logger, bytes.Length);
        }
    }

    /// <summary>The engine gives a process it could not start no pid, and says so before anything else.</summary>
    private async Task<bool> NeverStartedAsync(string execId, CancellationToken ct) =>
        await calls.RunAsync(() => docker.Exec.InspectContainerExecAsync(execId, ct), ct) is { Running: false, Pid: 0 };

    /// <summary>
    /// The exit code once the engine shows the command ended, or null past <paramref name="wait"/>. The
    /// output ends before the exit is recorded, and a command that closed its output may run on: it
    /// is then waited for until its own timeout.
    /// </summary>
    private async Task<int?> ExitCodeAsync(string execId, TimeSpan wait, CancellationToken ct)
    {
        var started = time.GetTimestamp();
        while (true)
        {
            var inspected = await calls.RunAsync(() => docker.Exec.InspectContainerExecAsync(execId, ct), ct);
            if (!inspected.Running)
            {
                return (int)inspected.ExitCode;
            }

            if (wait != Timeout.InfiniteTimeSpan && time.GetElapsedTime(started) >= wait)
            {
                return null;
            }

            await Task.Delay(ExitPoll, time, ct);
        }
    }
}
