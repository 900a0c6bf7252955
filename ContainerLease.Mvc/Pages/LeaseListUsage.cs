using System.Collections.Concurrent;
using ContainerLease.Domain.Errors;
using ContainerLease.Domain.Leases;
using ContainerLease.Domain.Ports;

namespace ContainerLease.Mvc.Pages;

/// <summary>
/// The lease list's memory column: one quick engine reading per container (no CPU sample, so no
/// second's wait), a few at a time. A reading that fails leaves its row without a figure: the list
/// matters more than its memory column.
/// </summary>
public sealed class LeaseListUsage(IContainerStats stats)
{
    private const int ReadingsAtATime = 8;

    /// <summary>Each row's reading by lease id; a row still pulling its image has no container to read.</summary>
    public async Task<IReadOnlyDictionary<string, ContainerUsage>> ReadAsync(IReadOnlyList<Lease> rows, CancellationToken ct)
    {
        var usage = new ConcurrentDictionary<string, ContainerUsage>(StringComparer.Ordinal);
        var options = new ParallelOptions { MaxDegreeOfParallelism = ReadingsAtATime, CancellationToken = ct };
        await Parallel.ForEachAsync(rows.Where(l => l.Status != LeaseStatus.Pulling), options, async (lease, token) =>
        {
            try
            {
                if (await stats.PeekAsync(lease.ContainerId, token) is { } reading)
                {
                    usage[lease.Id.Value] = reading;
                }
            }
            catch (DependencyUnavailableException)
            {
                // The engine is down: the rows say so through their status soon enough.
            }
            catch (CapabilityUnavailableException)
            {
                // The runtime reads no usage (a Swarm without its nodes' engines): no memory column.
            }
        });
        return usage;
    }
}
