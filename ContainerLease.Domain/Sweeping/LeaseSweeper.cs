using ContainerLease.Domain.Catalog;
using ContainerLease.Domain.Leases;
using ContainerLease.Domain.Logging;
using ContainerLease.Domain.Policy;
using ContainerLease.Domain.Ports;
using Microsoft.Extensions.Logging;

namespace ContainerLease.Domain.Sweeping;

/// <summary>
/// Reconciles the engine with the store for this installation: the second net under every
/// expiry. Managed containers without a lease are adopted (not yet due) or removed (due);
/// leases without a container end as gone; leases past due with their container are expired;
/// leases idle past their entry's limit are warned, then ended (<see cref="LeaseIdling"/>).
/// </summary>
public sealed class LeaseSweeper(
    ImageCatalog catalog,
    LeaseProvisioner provisioner,
    LeaseEndings endings,
    LeaseIdling idling,
    LeaseOptions options,
    IContainerRuntime runtime,
    ILeaseStore store,
    TimeProvider time,
    ILogger<LeaseSweeper> logger)
{
    /// <summary>
    /// A container or lease younger than this may belong to a provision still under way (its
    /// record not yet stored), so the sweep leaves it to the next round. The engine lists
    /// creation times in whole seconds, hence a margin well above a second.
    /// </summary>
    public static readonly TimeSpan ProvisionGrace = TimeSpan.FromSeconds(10);

    private const int PageSize = 500;

    public async Task<SweepReport> SweepAsync(CancellationToken ct = default)
    {
        var began = time.GetUtcNow();
        var settled = began - ProvisionGrace;
        var report = SweepReport.Empty;

        var containers = await runtime.ListManagedAsync(withSizes: catalog.Images.Values.Any(i => i.DiskMb is not null), ct);
        report = report with { Containers = containers.Count };
        foreach (var container in containers)
        {
            if (PoolMembership.IsUnclaimed(container))
            {
                continue; // Belongs to no lease yet; the warm pool's refill keeps it.
            }

            report = container.CreatedAt > settled
                ? report with { Young = report.Young + 1 }
                : await ReconcileContainerAsync(container, report, ct);
        }

        var onEngine = containers.ToDictionary(c => c.Id, StringComparer.Ordinal);
        foreach (var lease in await ActiveLeasesAsync(ct))
        {
            if (lease.Status == LeaseStatus.Pulling)
            {
                report = await CheckPullingAsync(lease, began, report, ct);
                continue;
            }

            if (onEngine.TryGetValue(lease.ContainerId, out var claimed) && PoolMembership.IsUnclaimed(claimed))
            {
                // Taken from the pool, but the engine did not answer its rename: the name must carry the lease.
                report = await TryAsync(claimed.Id, lease.Id.Value, report, async () =>
                    await runtime.RenameAsync(claimed.Id, LeaseName.For(lease), ct) ? report with { Renamed = report.Renamed + 1 } : report);
                continue;
            }

            if (lease.CreatedAt <= settled && !onEngine.ContainsKey(lease.ContainerId))
            {
                report = await TryAsync(lease.ContainerId, lease.Id.Value, report, async () =>
                {
                    await endings.MarkGoneAsync(lease.Id, ct);
                    return report with { Gone = report.Gone + 1 };
                });
            }
            else if (onEngine.ContainsKey(lease.ContainerId))
            {
                report = await TryAsync(lease.ContainerId, lease.Id.Value, report, async () => await idling.CheckAsync(lease, ct) switch
                {
                    IdleOutcome.Ended => report with { Idle = report.Idle + 1 },
                    IdleOutcome.Warned => report with { IdleWarned = report.IdleWarned + 1 },
                    _ => report,
                });
            }
        }

        if (report with { Containers = 0, Young = 0 } == SweepReport.Empty)
        {
            DomainLog.SweptNothing(logger, report.Containers);
        }
        else
        {
            DomainLog.Swept(logger, report);
        }

        return report;
    }

    private async Task<SweepReport> ReconcileContainerAsync(ManagedContainer container, SweepReport report, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var fromLabels = LeaseLabels.ToLease(container, now);
        var leaseId = fromLabels?.Id.Value ?? "?";
        return await TryAsync(container.Id, leaseId, report, async () =>
        {
            if (fromLabels is null)
            {
                return await RemoveOrphanAsync(container, leaseId, "its labels name no valid lease", report, ct);
            }

            var lease = await store.GetAsync(fromLabels.Id, ct);
            if (container.Lost is { } why)
            {
                return lease is { Status: not LeaseStatus.Ended } && lease.ContainerId == container.Id
                    ? await MarkLostAsync(lease, why, report, ct)
                    : await RemoveOrphanAsync(container, leaseId, why, report, ct);
            }

            if (lease is null)
            {
                if (fromLabels.ExpiresAt <= now)
                {
                    return await RemoveOrphanAsync(container, leaseId, "no lease record and its labelled expiry has passed", report, ct);
                }

                return await provisioner.AdoptAsync(fromLabels, ct) ? report with { Adopted = report.Adopted + 1 } : report;
            }

            if (lease.Status == LeaseStatus.Ended || lease.ContainerId != container.Id)
            {
                return await RemoveOrphanAsync(container, leaseId, "its lease has ended or belongs to another container", report, ct);
            }

            if (lease.Status == LeaseStatus.Ending || lease.ExpiresAt <= now)
            {
                await endings.ExpireAsync(lease.Id, lease.ExpiresAt, ct);
                return report with { Expired = report.Expired + 1 };
            }

            if (catalog.Find(lease.ImageType)?.DiskMb is { } limitMb && container.WrittenBytes > limitMb * 1024L * 1024L)
            {
                DomainLog.DiskLimitReached(logger, lease.Id.Value, container.Id, container.WrittenBytes.Value / (1024 * 1024), limitMb);
                await endings.EndForDiskAsync(lease.Id, ct);
                return report with { DiskLimited = report.DiskLimited + 1 };
            }

            // An extension whose rename failed: the name must carry the lease before Redis can lose it.
            if (container.Name is not null && container.Name.TrimStart('/') != LeaseName.For(lease) && await runtime.RenameAsync(container.Id, LeaseName.For(lease), ct))
            {
                return report with { Renamed = report.Renamed + 1 };
            }

            return report;
        });
    }

    /// <summary>The runtime says the container is lost for good (its node went down, its task ended): the lease ends gone, naming why.</summary>
    private async Task<SweepReport> MarkLostAsync(Lease lease, string why, SweepReport report, CancellationToken ct)
    {
        await endings.MarkGoneAsync(lease.Id, why, ct);
        return report with { Gone = report.Gone + 1 };
    }

    /// <summary>
    /// A lease waiting for its image has no container yet, so it is not gone; but one that has
    /// waited past the provision timeout lost its start (its instance stopped mid-pull, and the
    /// job will not be tried again in time): it ends, so that its owner learns and its quota frees.
    /// </summary>
    private async Task<SweepReport> CheckPullingAsync(Lease lease, DateTimeOffset now, SweepReport report, CancellationToken ct)
    {
        if (lease.CreatedAt + options.ProvisionTimeout + ProvisionGrace > now)
        {
            return report;
        }

        return await TryAsync(lease.ContainerId, lease.Id.Value, report, async () =>
        {
            DomainLog.PullAbandoned(logger, lease.Id.Value);
            return await endings.EndPullTimedOutAsync(lease.Id, options.ProvisionTimeout, ct)
                ? report with { PullsAbandoned = report.PullsAbandoned + 1 }
                : report;
        });
    }

    private async Task<SweepReport> RemoveOrphanAsync(ManagedContainer container, string leaseId, string reason, SweepReport report, CancellationToken ct)
    {
        // Gone already: its lease's own removal got there between the listing and now.
        if (!await runtime.RemoveAsync(container.Id, ct))
        {
            return report;
        }

        DomainLog.OrphanRemoved(logger, container.Id, leaseId, reason);
        return report with { OrphansRemoved = report.OrphansRemoved + 1 };
    }

    /// <summary>All active leases, read before any is changed so that ending some does not shift the pages.</summary>
    private async Task<List<Lease>> ActiveLeasesAsync(CancellationToken ct)
    {
        var all = new List<Lease>();
        for (var skip = 0; ; skip += PageSize)
        {
            var page = await store.ListActiveAsync(skip, PageSize, ct);
            all.AddRange(page.Items);
            if (page.Items.Count < PageSize)
            {
                return all;
            }
        }
    }

    /// <summary>One item's failure is logged and counted; the rest of the sweep goes on, and the next sweep tries it again.</summary>
    private async Task<SweepReport> TryAsync(string containerId, string leaseId, SweepReport report, Func<Task<SweepReport>> reconcile)
    {
        try
        {
            return await reconcile();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            DomainLog.SweepItemFailed(logger, ex, containerId, leaseId);
            return report with { Failed = report.Failed + 1 };
        }
    }
}
