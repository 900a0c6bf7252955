using System.ComponentModel;
using ContainerLease.Domain.Leases;
using ContainerLease.Mvc.Logging;

namespace ContainerLease.Mvc.Jobs;

/// <summary>
/// The delayed job of one expiry warning. Idempotent like the expiry job: the lease itself records
/// the warnings sent, so a job run twice, or for a deadline an extension replaced, sends nothing.
/// </summary>
public sealed class WarnLeaseJob(LeaseWarnings warnings, ILogger<WarnLeaseJob> logger)
{
    [DisplayName("Warn lease {0} {2} before {1}")]
    public async Task RunAsync(string leaseId, DateTimeOffset expiresAt, TimeSpan lead, CancellationToken ct)
    {
        var outcome = await warnings.WarnAsync(LeaseId.Parse(leaseId), expiresAt, lead, ct);
        AppLog.WarningJobRan(logger, leaseId, lead, outcome);
    }
}
