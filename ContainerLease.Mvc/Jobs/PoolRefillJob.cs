using System.ComponentModel;
using ContainerLease.Domain.Pool;
using ContainerLease.Mvc.Telemetry;
using Hangfire;
using Hangfire.Storage;

namespace ContainerLease.Mvc.Jobs;

/// <summary>
/// Tops up the warm pools: on the sweep's schedule, and soon after each provision of a pooled
/// entry. One refill at a time across instances: a refill that finds another under way leaves
/// the work to it (and to the next round), rather than queueing behind it.
/// </summary>
public sealed class PoolRefillJob(WarmPools pools, JobStorage storage, LeaseMetrics metrics, TimeProvider time)
{
    public const string RecurringJobId = "pool-refill";

    [DisplayName("Refill warm pools")]
    [AutomaticRetry(Attempts = 0, LogEvents = false)]
    public async Task RunAsync(CancellationToken ct)
    {
        IDisposable held;
        try
        {
            using var connection = storage.GetConnection();
            held = connection.AcquireDistributedLock(RecurringJobId + ":lock", TimeSpan.Zero);
        }
        catch (DistributedLockTimeoutException)
        {
            return;
        }

        using (held)
        {
            var started = time.GetTimestamp();
            var report = await pools.RefillAsync(ct);
            metrics.PoolRefilled(report, time.GetElapsedTime(started));
        }
    }
}
