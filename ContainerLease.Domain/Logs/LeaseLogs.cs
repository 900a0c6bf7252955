using System.Runtime.CompilerServices;
using ContainerLease.Domain.Errors;
using ContainerLease.Domain.Leases;
using ContainerLease.Domain.Logging;
using ContainerLease.Domain.Policy;
using ContainerLease.Domain.Ports;
using Microsoft.Extensions.Logging;

namespace ContainerLease.Domain.Logs;

/// <summary>
/// A lease's container logs, for a lease that <see cref="LeaseAccess"/> has opened: no request can
/// reach any other container on the engine.
/// </summary>
public sealed class LeaseLogs(IContainerRuntime runtime, LogOptions logOptions, TimeProvider time, ILogger<LeaseLogs> logger)
{
    /// <summary>Lines a reader gets when it gives no position.</summary>
    public const int RecentTail = 200;

    /// <summary>
    /// The container's lines from <paramref name="after"/> (or the recent tail) for as long as it
    /// runs. Lines the reader already saw at the seam are skipped, so nothing repeats or is lost,
    /// and a follow that goes silent while the container runs is opened again from the last line given.
    /// </summary>
    public async IAsyncEnumerable<LogLine> ReadAsync(Lease lease, LogPosition? after, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var seam = new LogSeam(after);
        while (true)
        {
            var follow = new Follow();
            await foreach (var line in FollowAsync(lease.ContainerId, seam.Since, follow, ct))
            {
                if (seam.Admit(line))
                {
                    yield return line;
                }
            }

            if (!follow.Stalled)
            {
                yield break; // the engine ended it: the container stopped
            }

            seam.Reopen();
        }
    }

    /// <summary>
    /// The container's lines from <paramref name="after"/> (or the recent tail) up to now: one read of
    /// the engine's log without following, so it ends at once however busy the container is.
    /// </summary>
    public async IAsyncEnumerable<LogLine> ReadToNowAsync(Lease lease, LogPosition? after, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var seam = new LogSeam(after);
        await foreach (var line in runtime.StreamLogsAsync(lease.ContainerId, seam.Since, RecentTail, follow: false, ct))
        {
            if (seam.Admit(line))
            {
                yield return line;
            }
        }
    }

    /// <summary>One follow of the engine's log, given up when silent past the stall timeout while the container still runs.</summary>
    private async IAsyncEnumerable<LogLine> FollowAsync(string containerId, string? since, Follow follow, [EnumeratorCancellation] CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var lines = runtime.StreamLogsAsync(containerId, since, RecentTail, follow: true, stop.Token).GetAsyncEnumerator(stop.Token);
        try
        {
            while (true)
            {
                var next = lines.MoveNextAsync().AsTask();
                while (!await ArrivesWithinAsync(next, logOptions.StallTimeout, ct))
                {
                    // A stopped or removed container's follow ends by itself: only a running one can stall.
                    if (await runtime.InspectAsync(containerId, ct) is { Running: true })
                    {
                        DomainLog.LogFollowReopened(logger, containerId, logOptions.StallTimeout, since);
                        follow.Stalled = true;
                        await stop.CancelAsync();
                        await AbandonAsync(next);
                        yield break;
                    }
                }

                if (!await next)
                {
                    yield break;
                }

                yield return lines.Current;
            }
        }
        finally
        {
            await lines.DisposeAsync();
        }
    }

    private async Task<bool> ArrivesWithinAsync(Task<bool> next, TimeSpan timeout, CancellationToken ct)
    {
        if (next.IsCompleted)
        {
            return true; // most lines come from the current read's buffer: no timer for them
        }

        using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var silence = Task.Delay(timeout, time, wait.Token);
        var first = await Task.WhenAny(next, silence);
        await wait.CancelAsync();
        if (first != next && ct.IsCancellationRequested)
        {
            // The reader left: let the read see the same cancellation before the follow is disposed.
            await AbandonAsync(next);
            ct.ThrowIfCancellationRequested();
        }

        return first == next;
    }

    /// <summary>Waits for a read that was cancelled, so that the follow is disposed only once it has stopped.</summary>
    private static async Task AbandonAsync(Task<bool> next)
    {
        try
        {
            await next;
        }
        catch (OperationCanceledException)
        {
            // Cancelled on purpose: the follow is opened again.
        }
    }

    private sealed class Follow
    {
        public bool Stalled { get; set; }
    }
}
