using ContainerLease.Domain.Ports;
using Hangfire;

namespace ContainerLease.Mvc.Jobs;

/// <summary>Queues a refill after a provision of a pooled entry; at most one every half second per instance, since one refill tops up every pool.</summary>
internal sealed class HangfirePoolRefills(IBackgroundJobClient jobs, TimeProvider time) : IPoolRefills
{
    private static readonly TimeSpan Every = TimeSpan.FromMilliseconds(500);

    private long _last;

    public void Request()
    {
        var now = time.GetTimestamp();
        var last = Interlocked.Read(ref _last);
        if (last != 0 && time.GetElapsedTime(last, now) < Every || Interlocked.CompareExchange(ref _last, now, last) != last)
        {
            return;
        }

        jobs.Enqueue<PoolRefillJob>(job => job.RunAsync(CancellationToken.None));
    }
}
