using ContainerLease.Domain.Errors;
using ContainerLease.Domain.Leases;
using ContainerLease.Domain.Ports;
using Hangfire;

namespace ContainerLease.Mvc.Jobs;

internal sealed class HangfirePendingStarts(IBackgroundJobClient jobs) : IPendingStarts
{
    public void Enqueue(LeaseId id)
    {
        try
        {
            jobs.Enqueue<StartPulledLeaseJob>(job => job.RunAsync(id.Value, CancellationToken.None));
        }
        catch (BackgroundJobClientException ex)
        {
            throw new DependencyUnavailableException(DependencyUnavailableException.Store, "The lease's start could not be queued because the lease store is not answering; try again shortly.", ex);
        }
    }
}
