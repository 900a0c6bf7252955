using System.ComponentModel;
using ContainerLease.Domain.Leases;
using ContainerLease.Domain.Ports;
using ContainerLease.Mvc.Logging;
using Hangfire;

namespace ContainerLease.Mvc.Jobs;

/// <summary>The delayed job, one per lease expiry. Hangfire retries it when the engine or Redis fails.</summary>
public sealed class ExpireLeaseJob(LeaseService leases, IExpiryScheduler scheduler, ILogger<ExpireLeaseJob> logger)
{
    [DisplayName("Expire lease {0} at {1}")]
    [AutomaticRetry(Attempts = 10, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    public async Task RunAsync(string leaseId, DateTimeOffset expiresAt, CancellationToken ct)
    {
        var id = LeaseId.Parse(leaseId);
        var outcome = await leases.ExpireAsync(id, expiresAt, ct);
        if (outcome == ExpireOutcome.NotYetDue)
        {
            await scheduler.ScheduleAsync(id, expiresAt, ct);
        }

        AppLog.ExpiryJobRan(logger, leaseId, outcome);
    }
}
