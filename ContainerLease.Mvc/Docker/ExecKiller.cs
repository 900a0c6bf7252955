using ContainerLease.Domain.Errors;
using ContainerLease.Mvc.Logging;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Options;

namespace ContainerLease.Mvc.Docker;

/// <summary>
/// Kills a command run by <see cref="DockerContainerExec"/>, or a terminal's shell (<see cref="DockerTerminals"/>), and everything it started, from inside
/// its container: a second exec lists <c>/proc</c> and kills, with SIGKILL, every process whose
/// environment holds the command's marker, until a round finds none (a process may fork while the
/// list is read). It needs <c>sh</c>, <c>tr</c> and <c>grep</c> in the image, as BusyBox, Alpine and Debian have;
/// it needs no capability (the processes are its own user's) and no view of the host's processes.
/// A process that empties its own environment escapes it, and a command that has used up the
/// container's process limit leaves no room for the second exec: both then run until the lease ends.
/// </summary>
internal sealed class ExecKiller(IDockerClient docker, DockerCalls calls, IOptions<DockerOptions> options, TimeProvider time, ILogger<ExecKiller> logger)
{
    private const string MarkerVariable = "CONTAINERLEASE_EXEC";

    /// <summary>
    /// $1 is the marker. Each round first stops every process that carries it, so that none reacts
    /// before all are killed (a shell whose children die would end by itself, with its own exit
    /// code), then kills them. Exit 0: none is left; 127: tr or grep is missing, so nothing could be
    /// found; 1: some outlived every round. The environment is split at its NULs first: BusyBox's
    /// grep stops reading a line at a NUL, so it would see only the first variable.
    /// </summary>
    private const string Script = """
        command -v grep >/dev/null 2>&1 && command -v tr >/dev/null 2>&1 || exit 127
        round=0
        while [ $round -lt 20 ]; do
          found=
          for p in /proc/[0-9]*; do
            if tr '\0' '\n' < "$p/environ" 2>/dev/null | grep -qxF "$1"; then kill -STOP "${p#/proc/}" 2>/dev/null && found="$found ${p#/proc/}"; fi
          done
          [ -z "$found" ] && exit 0
          kill -KILL $found 2>/dev/null
          round=$((round + 1))
        done
        exit 1
        """;

    /// <summary>A value for a command's environment that no other process carries.</summary>
    public static string NewMarker() => $"{MarkerVariable}={Guid.NewGuid():N}";

    /// <summary>True when no process with the marker is left. Never throws: a failure is logged, and false.</summary>
    public async Task<bool> KillAsync(string containerId, string marker)
    {
        // Its own deadline, not the caller's token: the caller has usually just given up, and this must still happen.
        using var deadline = new CancellationTokenSource(options.Value.RequestTimeout, time);
        var ct = deadline.Token;
        try
        {
            var exec = await calls.RunAsync(() => docker.Exec.ExecCreateContainerAsync(
                containerId,
                new ContainerExecCreateParameters { Cmd = ["sh", "-c", Script, "sh", marker], AttachStdout = true, AttachStderr = true },
                ct), ct);
            using (var stream = await calls.RunAsync(() => docker.Exec.StartWithConfigContainerExecAsync(exec.ID, new ContainerExecStartParameters { AttachStdout = true, AttachStderr = true }, ct), ct))
            {
                await calls.RunAsync(() => stream.ReadOutputToEndAsync(ct), ct);
            }

            var exitCode = (await calls.RunAsync(() => docker.Exec.InspectContainerExecAsync(exec.ID, ct), ct)).ExitCode;
            if (exitCode == 0 || await StoppedAsync(containerId, ct))
            {
                return true;
            }

            AppLog.ExecKillFailed(logger, containerId, exitCode);
            return false;
        }
        catch (DockerContainerNotFoundException)
        {
            // A container that is gone (its lease ended) has no process left to kill.
            return true;
        }
        catch (Exception ex) when (ex is DependencyUnavailableException or DockerApiException or OperationCanceledException)
        {
            if (await StoppedAsync(containerId, ct))
            {
                return true;
            }

            AppLog.ExecKillError(logger, ex, containerId);
            return false;
        }
    }

    /// <summary>
    /// Whether the container has stopped or gone, as when its lease ended while the kill was on its
    /// way (the engine then refuses the second exec, or kills it: exit 137): no process of it is left
    /// to kill. A removal under way can still show it running for a moment, so it is asked a few times.
    /// </summary>
    private async Task<bool> StoppedAsync(string containerId, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            if (attempt > 0 && !await PauseAsync(ct))
            {
                return false;
            }

            if (await StoppedNowAsync(containerId, ct))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A short wait between two looks; false when the kill's own deadline has passed.</summary>
    private async Task<bool> PauseAsync(CancellationToken ct)
    {
        try
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200), time, ct);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task<bool> StoppedNowAsync(string containerId, CancellationToken ct)
    {
        try
        {
            var state = (await docker.Containers.InspectContainerAsync(containerId, ct)).State;
            return !state.Running || state.Dead || state.Restarting;
        }
        catch (DockerContainerNotFoundException)
        {
            return true;
        }
        catch (Exception ex) when (ex is DockerApiException or HttpRequestException or IOException or OperationCanceledException)
        {
            return false;
        }
    }
}
