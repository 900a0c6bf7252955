using ContainerLease.Mvc.Auth;
using Microsoft.AspNetCore.SignalR;

namespace ContainerLease.Mvc.Live;

/// <summary>
/// Pushes "leasesChanged" to the open pages that may see the lease; the page then lets htmx
/// fetch the fragments again. Each connection joins its user's group, and admins' connections
/// the admins' group too; the server sends through <see cref="IHubContext{THub}"/>.
/// </summary>
public sealed class LeaseEventsHub : Hub
{
    public const string Path = "/hubs/leases";

    public const string ChangedMethod = "leasesChanged";

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
}
