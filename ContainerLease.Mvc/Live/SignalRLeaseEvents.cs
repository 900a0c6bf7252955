using ContainerLease.Domain.Leases;
using ContainerLease.Domain.Ports;
using ContainerLease.Mvc.Logging;
using Microsoft.AspNetCore.SignalR;

namespace ContainerLease.Mvc.Live;

internal sealed class SignalRLeaseEvents(IHubContext<LeaseEventsHub> hub, ILogger<SignalRLeaseEvents> logger) : ILeaseEvents
{
    public async Task ChangedAsync(LeaseId id, CancellationToken ct = default)
    {
        try
        {
            await hub.Clients.All.SendAsync(LeaseEventsHub.ChangedMethod, id.Value, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Pages also poll slowly; a lost notice only delays them, so the lease flow goes on.
            AppLog.NotifyFailed(logger, ex, id.Value);
        }
    }
}
