using ContainerLease.Domain.Errors;
using ContainerLease.Domain.Leases;
using ContainerLease.Domain.Ports;
using Hangfire;

namespace ContainerLease.Mvc.Jobs;

internal sealed class HangfireExpiryScheduler(IBackgroundJobClient jobs) : IExpiryScheduler
{
    public Task ScheduleAsync(LeaseId id, DateTimeOffset expiresAt, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        try
        {
            // Hangfire's client is synchronous; the call is one short Redis transaction.
            jobs.Schedule<ExpireLeaseJob>(job => job.RunAsync(id.Value, expiresAt, null, CancellationToken.None), expiresAt);
            return Task.CompletedTask;
        }
        catch (BackgroundJobClientException ex)
        {
            throw new DependencyUnavailableException(DependencyUnavailableException.Store, $"The expiry job could not be scheduled: {ex.InnerException?.Message ?? ex.Message}", ex);
        }
    }
}
