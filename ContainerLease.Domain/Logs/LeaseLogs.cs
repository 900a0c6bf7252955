using System.Runtime.CompilerServices;
using ContainerLease.Domain.Errors;
using ContainerLease.Domain.Leases;
using ContainerLease.Domain.Policy;
using ContainerLease.Domain.Ports;

namespace ContainerLease.Domain.Logs;

/// <summary>
/// A lease's container logs. Works on lease ids only, and only for a running lease whose container
/// carries this installation's labels, for its owner or an admin: no request can reach any other container on the engine.
/// </summary>
public sealed class LeaseLogs(ILeaseStore store, IContainerRuntime runtime, LeaseOptions options)
{
    /// <summary>Lines a reader gets when it gives no position.</summary>
    public const int RecentTail = 200;

    /// <summary>The lease whose logs may be read; throws a clear error for anything else.</summary>
    public async Task<Lease> OpenAsync(string leaseId, LeaseCaller caller, CancellationToken ct = default)
    {
        if (!LeaseId.TryParse(leaseId, out var id) || await store.GetAsync(id, ct) is not { } lease || !caller.MaySee(lease))
        {
            throw new LeaseNotFoundException(leaseId);
        }

        if (lease.Status != LeaseStatus.Active)
        {
            throw new LeaseConflictException($"Lease {leaseId} has ended; its container and its logs are gone.");
        }

        if (!await runtime.IsManagedAsync(lease.ContainerId, options.InstallationId, ct))
        {
            throw new LeaseConflictException($"The container of lease {leaseId} is not on the engine any more, or not managed by this installation.");
        }

        return lease;
    }

    /// <summary>
    /// The container's lines from <paramref name="after"/> (or the recent tail) for as long as it
    /// runs. Lines the reader already saw at the seam are skipped, so nothing repeats or is lost.
    /// </summary>
    public async IAsyncEnumerable<LogLine> ReadAsync(Lease lease, LogPosition? after, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var toSkip = after?.SeenAtTimestamp ?? 0;
        var newestByStream = new Dictionary<string, (string At, HashSet<string> Messages)>(StringComparer.Ordinal);
        await foreach (var line in runtime.StreamLogsAsync(lease.ContainerId, after?.Timestamp, RecentTail, ct))
        {
            if (toSkip > 0 && line.Timestamp == after!.Timestamp)
            {
                toSkip--;
                continue;
            }

            toSkip = 0;

            // The engine stamps each stream's lines in order, but a follow that crosses a log
            // rotation reads part of the rotated file again (seen with Docker 20.10's json-file):
            // a line older than the newest already given on its stream, or the same line at that
            // very instant, is such a repeat.
            var at = LogPosition.Sortable(line.Timestamp);
            if (newestByStream.TryGetValue(line.Stream, out var newest))
            {
                var order = string.CompareOrdinal(at, newest.At);
                if (order < 0 || (order == 0 && !newest.Messages.Add(line.Message)))
                {
                    continue;
                }

                if (order > 0)
                {
                    newestByStream[line.Stream] = (at, [line.Message]);
                }
            }
            else
            {
                newestByStream[line.Stream] = (at, [line.Message]);
            }

            yield return line;
        }
    }
}
