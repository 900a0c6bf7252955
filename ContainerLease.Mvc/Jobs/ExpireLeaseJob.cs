using System.ComponentModel;
using ContainerLease.Domain.Leases;
using ContainerLease.Domain.Ports;
using ContainerLease.Mvc.Logging;
using ContainerLease.Mvc.Telemetry;
using Hangfire.Server;

namespace ContainerLease.Mvc.Jobs;

/// <summary>
/// The delayed job, one per lease expiry. A failure is written into the lease's history and
/// rethrown, so Hangfire retries it with backoff (see <see cref="RetryBackoff"/>) and, past the
/// last attempt, shows it as failed on the dashboard.
/// </summary>
public sealed class ExpireLeaseJob(LeaseEndings endings, IExpiryScheduler scheduler, LeaseMetrics metrics, TimeProvider time, ILogger<ExpireLeaseJob> logger)
{
    [DisplayName("Expire lease {0} at {1}")]
    public async Task RunAsync(string leaseId, DateTimeOffset expiresAt, PerformContext? context, CancellationToken ct)
    {
        var id = LeaseId.Parse(leaseId);
        var attempt = (context?.GetJobParameter<int>("RetryCount") ?? 0) + 1;
        try
        {
            var outcome = await endings.ExpireAsync(id, expiresAt, ct);
            if (outcome == ExpireOutcome.NotYetDue)
            {
                await scheduler.ScheduleAsync(id, expiresAt, ct);
            }
            else if (outcome == ExpireOutcome.Expired)
            {
                metrics.Expired(time.GetUtcNow() - expiresAt);
            }

            AppLog.ExpiryJobRan(logger, leaseId, outcome, attempt);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            AppLog.ExpiryJobFailed(logger, ex, leaseId, attempt);
            metrics.ReapFailed();
            await RecordFailureAsync(id, attempt, ex, ct);
            throw;
        }
    }

    private async Task RecordFailureAsync(LeaseId id, int attempt, Exception failure, CancellationToken ct)
    {
        try
        {
            await endings.RecordReapFailureAsync(id, attempt, failure.Message, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The store may be what failed; the job's own failure is what Hangfire must see.
            AppLog.HistoryWriteFailed(logger, ex, id.Value);
        }
    }
}
