using ContainerLease.Domain.Images;
using ContainerLease.Domain.Leases;
using ContainerLease.Domain.Ports;
using ContainerLease.Mvc.Logging;
using ContainerLease.Mvc.Timing;
using Microsoft.AspNetCore.SignalR;

namespace ContainerLease.Mvc.Live;

/// <summary>
/// Pushes a lease's pull progress to the pages that may see it (<see cref="LeaseEventsHub.PullingMethod"/>),
/// a few times a second at most: the engine reports every chunk of every layer, far more often
/// than a progress bar needs. Best effort, like every notice: a page that misses one shows the next.
/// </summary>
internal sealed class SignalRPullProgress(IHubContext<LeaseEventsHub> hub, TimeProvider time, ILogger<SignalRPullProgress> logger) : IPullProgressFeed
{
    private static readonly TimeSpan Every = TimeSpan.FromMilliseconds(250);

    public IProgress<PullProgress> Follow(Lease lease) => new Feed(this, lease, time);

    private async Task SendAsync(Lease lease, PullProgress progress)
    {
        try
        {
            await hub.Clients.Groups(LeaseEventsHub.Admins, LeaseEventsHub.OwnerGroup(lease.Owner))
                .SendAsync(LeaseEventsHub.PullingMethod, lease.Id.Value, progress.BytesDone, progress.BytesTotal);
        }
        catch (Exception ex)
        {
            AppLog.NotifyFailed(logger, ex, lease.Id.Value);
        }
    }

    private sealed class Feed(SignalRPullProgress feed, Lease lease, TimeProvider time) : IProgress<PullProgress>
    {
        private readonly Throttle _throttle = new(Every, time);

        public void Report(PullProgress value)
        {
            if (_throttle.TryPass())
            {
                _ = feed.SendAsync(lease, value);
            }
        }
    }
}
