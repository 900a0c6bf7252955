using ContainerLease.Domain.Leases;
using ContainerLease.Mvc.Leases;
using ContainerLease.Mvc.Logging;
using Microsoft.AspNetCore.SignalR;

namespace ContainerLease.Mvc.Live;

internal sealed class SignalRLeaseEvents(IHubContext<LeaseEventsHub> hub, TimeProvider time, ILogger<SignalRLeaseEvents> logger) : ILeaseEventSink
{
    public async Task ChangedAsync(Lease lease, CancellationToken ct = default)
    {
        try
        {
            // Only those who may see the lease hear of it: its owner's pages and every admin's.
            await hub.Clients.Groups(LeaseEventsHub.Admins, LeaseEventsHub.OwnerGroup(lease.Owner))
                .SendAsync(LeaseEventsHub.ChangedMethod, lease.Id.Value, ct);
            if (lease.LastEvent?.Kind == LeaseEvent.Expiring)
            {
                // The warning banner is its owner's alone: an admin watching every lease is not nagged for each.
                var secondsLeft = (long)Math.Ceiling(lease.RemainingAt(time.GetUtcNow()).TotalSeconds);
                await hub.Clients.Group(LeaseEventsHub.OwnerGroup(lease.Owner))
                    .SendAsync(LeaseEventsHub.ExpiringMethod, lease.Id.Value, lease.ExpiresAt, secondsLeft, ct);
            }
            else if (lease.LastEvent?.Kind == LeaseEvent.IdleWarning)
            {
                await hub.Clients.Group(LeaseEventsHub.OwnerGroup(lease.Owner)).SendAsync(LeaseEventsHub.IdleMethod, lease.Id.Value, ct);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Pages also poll slowly; a lost notice only delays them, so the lease flow goes on.
            AppLog.NotifyFailed(logger, ex, lease.Id.Value);
        }
    }
}
