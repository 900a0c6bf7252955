using ContainerLease.Domain.Leases;
using ContainerLease.Domain.Ports;
using ContainerLease.Mvc.Logging;
using Microsoft.AspNetCore.SignalR;

namespace ContainerLease.Mvc.Live;

internal sealed class SignalRLeaseEvents(IHubContext<LeaseEventsHub> hub, ILogger<SignalRLeaseEvents> logger) : ILeaseEvents
{
    public async Task ChangedAsync(Lease lease, CancellationToken ct = default)
    {
        try
        {
            // Only those who may see the lease hear of it: its owner's pages and every admin's.
            await hub.Clients.Groups(LeaseEventsHub.Admins, LeaseEventsHub.OwnerGroup(lease.Owner))
                .SendAsync(LeaseEventsHub.ChangedMethod, lease.Id.Value, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Pages also poll slowly; a lost notice only delays them, so the lease flow goes on.
            AppLog.NotifyFailed(logger, ex, lease.Id.Value);
        }
    }
}
