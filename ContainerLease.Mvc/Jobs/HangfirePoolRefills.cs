using ContainerLease.Domain.Ports;
using ContainerLease.Mvc.Timing;
using Hangfire;

namespace ContainerLease.Mvc.Jobs;

/// <summary>Queues a refill after a provision of a pooled entry; at most one every half second per instance, since one refill tops up every pool.</summary>
internal sealed class HangfirePoolRefills(IBackgroundJobClient jobs, TimeProvider time) : IPoolRefills
{
    private readonly Throttle _throttle = new(TimeSpan.FromMilliseconds(500), time);

    public void Request()
    {
        if (_throttle.TryPass())
        {
            jobs.Enqueue<PoolRefillJob>(job => job.RunAsync(CancellationToken.None));
        }
    }
}
