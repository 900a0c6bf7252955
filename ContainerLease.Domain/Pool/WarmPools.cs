using ContainerLease.Domain.Catalog;
using ContainerLease.Domain.Leases;
using ContainerLease.Domain.Logging;
using ContainerLease.Domain.Policy;
using ContainerLease.Domain.Ports;
using Microsoft.Extensions.Logging;

namespace ContainerLease.Domain.Pool;

/// <summary>
/// Keeps each entry's warm pool at its size: retires members past <see cref="WarmPoolOptions.MaxAge"/>,
/// beyond the size, or of an entry that has no pool any more, and makes new ones until the size
/// is reached, each started and (with a health check) healthy before it is offered. A member is
/// removed only after it is withdrawn from the pool, so one a lease has just taken is never
/// removed under it. Runs once at a time across instances (the job sees to that).
/// </summary>
public sealed class WarmPools(
    ImageCatalog catalog,
    LeaseOptions options,
    IContainerRuntime runtime,
    IWarmPool pool,
    TimeProvider time,
    ILogger<WarmPools> logger)
{
    /// <summary>How many members are made at once.</summary>
    private const int Parallel = 4;

    public async Task<PoolReport> RefillAsync(CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var members = (await runtime.ListManagedAsync(withSizes: false, ct))
            .Where(PoolMembership.IsUnclaimed)
            .ToList();
        var entries = catalog.Images.Where(i => i.Value.WarmPool.Size > 0).Select(i => i.Key)
            .Union(members.Select(m => PoolMembership.EntryOf(m)!), StringComparer.Ordinal);

        int added = 0, retired = 0, failed = 0;
        var ready = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var settings = catalog.Find(entry)?.WarmPool ?? new WarmPoolOptions();
            var wasOffered = await pool.ReadyAsync(entry, ct);
            var offered = wasOffered.ToHashSet(StringComparer.Ordinal);
            var mine = members.Where(m => PoolMembership.EntryOf(m) == entry).OrderBy(m => m.CreatedAt).ToList();

            // Too old, of an entry without a pool, or beyond the size (the oldest go first).
            var keep = settings.Size;
            foreach (var member in mine.Where(m => offered.Contains(m.Id)))
            {
                if (now - member.CreatedAt > settings.MaxAge || offered.Count > keep)
                {
                    if (await RetireAsync(entry, member.Id, ct))
                    {
                        offered.Remove(member.Id);
                        retired++;
                    }
                }
            }

            // Never offered, or forgotten by a store that lost its data: a member that a lease took
            // is renamed within moments, so one still unclaimed after a grace is nobody's.
            foreach (var member in mine.Where(m => !wasOffered.Contains(m.Id) && now - m.CreatedAt > OrphanGrace))
            {
                await runtime.RemoveAsync(member.Id, ct);
                retired++;
            }

            var missing = Math.Max(0, keep - offered.Count);
            var made = 0;
            if (missing > 0 && catalog.Find(entry) is { } image)
            {
                made = await MakeAsync(entry, image, missing, ct);
                added += made;
                failed += missing - made;
            }

            ready[entry] = Math.Min(keep, offered.Count + made);
        }

        var report = new PoolReport(added, retired, failed, ready);
        if (added + retired + failed > 0)
        {
            DomainLog.PoolRefilled(logger, added, retired, failed);
        }

        return report;
    }

    private TimeSpan OrphanGrace => TimeSpan.FromTicks(Math.Max(TimeSpan.FromMinutes(1).Ticks, options.SweepInterval.Ticks * 3));

    private async Task<bool> RetireAsync(string entry, string containerId, CancellationToken ct)
    {
        if (!await pool.WithdrawAsync(entry, containerId, ct))
        {
            return false; // A lease took it meanwhile.
        }

        await runtime.RemoveAsync(containerId, ct);
        return true;
    }

    private async Task<int> MakeAsync(string entry, CatalogImage image, int count, CancellationToken ct)
    {
        await runtime.EnsureImageAsync(image.Image, ct: ct);
        var made = 0;
        await System.Threading.Tasks.Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = Parallel, CancellationToken = ct }, async (_, token) =>
        {
            if (await MakeOneAsync(entry, image, token))
            {
                Interlocked.Increment(ref made);
            }
        });
        return made;
    }

    private async Task<bool> MakeOneAsync(string entry, CatalogImage image, CancellationToken ct)
    {
        string? containerId = null;
        try
        {
            containerId = await runtime.StartAsync(new ContainerSpec(LeaseName.PoolMember(entry), image, LeaseLabels.ForPoolMember(entry, options.InstallationId)), ct);
            if (image.HealthCheck is not null && !await HealthyAsync(containerId, ct))
            {
                DomainLog.PoolMemberUnhealthy(logger, entry, containerId);
                await runtime.RemoveAsync(containerId, ct);
                return false;
            }

            await pool.AddAsync(entry, containerId, ct);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            DomainLog.PoolMemberFailed(logger, ex, entry);
            if (containerId is not null)
            {
                // The next refill removes it as nobody's if this fails too.
                await runtime.RemoveAsync(containerId, CancellationToken.None);
            }

            return false;
        }
    }

    /// <summary>Waits until the engine calls the member healthy, as long as a provision may take; false when it stops first.</summary>
    private async Task<bool> HealthyAsync(string containerId, CancellationToken ct)
    {
        var until = time.GetUtcNow() + options.ProvisionTimeout;
        while (time.GetUtcNow() < until)
        {
            // Unhealthy is not final: a check that fails while the process starts turns healthy later.
            var state = await runtime.InspectAsync(containerId, ct);
            if (state is null || !state.Running)
            {
                return false;
            }

            if (state.Health == "healthy")
            {
                return true;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), time, ct);
        }

        return false;
    }
}
