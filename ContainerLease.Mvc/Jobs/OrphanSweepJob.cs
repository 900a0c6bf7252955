using System.ComponentModel;
using ContainerLease.Domain.Sweeping;
using ContainerLease.Mvc.Telemetry;
using Hangfire;

namespace ContainerLease.Mvc.Jobs;

/// <summary>The recurring reconciliation of engine and store. Hangfire runs it once per interval across all instances.</summary>
public sealed class OrphanSweepJob(LeaseSweeper sweeper, LeaseMetrics metrics)
{
    public const string RecurringJobId = "orphan-sweep";

    /// <summary>The next interval is the retry; two sweeps never overlap, even across instances.</summary>
    [DisplayName("Sweep orphans")]
    [AutomaticRetry(Attempts = 0, LogEvents = false)]
    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    public async Task RunAsync(CancellationToken ct) => metrics.Swept(await sweeper.SweepAsync(ct));
}
