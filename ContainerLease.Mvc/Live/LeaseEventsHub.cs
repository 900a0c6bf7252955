using Microsoft.AspNetCore.SignalR;

namespace ContainerLease.Mvc.Live;

/// <summary>
/// Pushes "leasesChanged" to every open page; the page then lets htmx fetch the fragments
/// again. The hub keeps no state: the server sends through <see cref="IHubContext{THub}"/>.
/// </summary>
public sealed class LeaseEventsHub : Hub
{
    public const string Path = "/hubs/leases";

    public const string ChangedMethod = "leasesChanged";
}
