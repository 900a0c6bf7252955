using ContainerLease.Domain.Errors;
using ContainerLease.Domain.Leases;
using ContainerLease.Domain.Ports;
using Hangfire;
using Microsoft.Extensions.Options;

namespace ContainerLease.Mvc.Jobs;

/// <summary>The expiry job at a lease's deadline, and a warning job at each of the warnings still ahead of it.</summary>
internal sealed class HangfireExpiryScheduler(IBackgroundJobClient jobs, LeaseWarnings warnings, IOptions<JobsOptions> options) : IExpiryScheduler
{
    /// <summary>
    /// Hangfire queues a scheduled job only at its next poll, up to one polling interval late. The
    /// job is therefore scheduled that much early and waits out the rest itself (the expiry waits
    /// up to 5 s for its due time), so the poll adds nothing to how late a container is removed.
    /// </summary>
    private readonly TimeSpan _lead = TimeSpan.FromTicks(Math.Min(options.Value.SchedulePollingInterval.Ticks, TimeSpan.FromSeconds(2).Ticks));

    public Task ScheduleAsync(LeaseId id, DateTimeOffset expiresAt, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        try
        {
            // Hangfire's client is synchronous; the call is one short Redis transaction.
            jobs.Schedule<ExpireLeaseJob>(job => job.RunAsync(id.Value, expiresAt, null, CancellationToken.None), expiresAt - _lead);
            foreach (var lead in warnings.LeadsAhead(expiresAt))
            {
                jobs.Schedule<WarnLeaseJob>(job => job.RunAsync(id.Value, expiresAt, lead, CancellationToken.None), expiresAt - lead);
            }

            return Task.CompletedTask;
        }
        catch (BackgroundJobClientException ex)
        {
            throw new DependencyUnavailableException(DependencyUnavailableException.Store, "The lease's expiry could not be scheduled because the lease store is not answering; try again shortly.", ex);
        }
    }
}
