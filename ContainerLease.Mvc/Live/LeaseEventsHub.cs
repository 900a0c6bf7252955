using System.Runtime.CompilerServices;
using ContainerLease.Domain.Errors;
using ContainerLease.Domain.Leases;
using ContainerLease.Domain.Ports;
using ContainerLease.Mvc.Auth;
using Microsoft.AspNetCore.SignalR;

namespace ContainerLease.Mvc.Live;

/// <summary>
/// Pushes "leasesChanged" to the open pages that may see the lease; the page then lets htmx
/// fetch the fragments again. Each connection joins its user's group, and admins' connections
/// the admins' group too; the server sends through <see cref="IHubContext{THub}"/>. The same
/// connection streams the selected lease's usage while its panel is open.
/// </summary>
public sealed class LeaseEventsHub(LeaseAccess access, UsageFeeds usage) : Hub
{
    public const string Path = "/hubs/leases";

    public const string ChangedMethod = "leasesChanged";

    /// <summary>To the owner's pages only: <c>(leaseId, expiresAt, secondsLeft)</c>, shown as a banner with buttons that extend.</summary>
    public const string ExpiringMethod = "leaseExpiring";

    /// <summary>To the owner's pages only: <c>(leaseId)</c>, its idle warning, shown as a banner with a button that keeps it.</summary>
    public const string IdleMethod = "leaseIdle";

    /// <summary>To those who may see the lease: <c>(leaseId, bytesDone, bytesTotal or null)</c> while it waits for its image pull, shown on its row.</summary>
    public const string PullingMethod = "leasePulling";

    public const string Admins = "admins";

    public static string OwnerGroup(string owner) => "owner:" + owner;

    public override async Task OnConnectedAsync()
    {
        var caller = Context.User!.ToCaller();
        await Groups.AddToGroupAsync(Context.ConnectionId, OwnerGroup(caller.Name), Context.ConnectionAborted);
        if (caller.IsAdmin)
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, Admins, Context.ConnectionAborted);
        }

        await base.OnConnectedAsync();
    }

    /// <summary>The lease's container's usage, about every second, until the container stops or the page stops asking.</summary>
    public async IAsyncEnumerable<ContainerUsage> StreamUsage(string leaseId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Lease lease;
        try
        {
            lease = await access.OpenAsync(leaseId, Context.User!.ToCaller(), whilePaused: true, cancellationToken);
        }
        catch (DomainException ex)
        {
            throw new HubException(ex.Message);
        }

        await foreach (var reading in usage.WatchAsync(lease.ContainerId, cancellationToken))
        {
            yield return reading;
        }
    }
}
