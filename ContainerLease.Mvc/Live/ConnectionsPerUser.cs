using System.Collections.Concurrent;
using ContainerLease.Mvc.Auth;
using ContainerLease.Mvc.Telemetry;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace ContainerLease.Mvc.Live;

/// <summary>
/// Bounds the hub connections one user holds open (<c>Live:MaxConnectionsPerUser</c>): a
/// connection past it is closed with an error that says so, and counted in the metrics. Every
/// connection costs the instance memory and a socket, so one user must not open them without end.
/// </summary>
internal sealed class ConnectionsPerUser(IOptions<LiveOptions> options, LeaseMetrics metrics) : IHubFilter
{
    private readonly PerUserCount _count = new();
    private readonly ConcurrentDictionary<string, IDisposable> _held = new(StringComparer.Ordinal);

    /// <summary>The connections the user holds open on this instance now.</summary>
    public int HeldBy(string user) => _count.HeldBy(user);

    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        var user = context.Context.User!.ToCaller().Name;
        var held = _count.TryTake(user, options.Value.MaxConnectionsPerUser);
        if (held is null)
        {
            metrics.HubConnectionRefused();
            throw new HubException(
                $"You have {options.Value.MaxConnectionsPerUser} connections open, the most one user may have; close a page or a client first.");
        }

        _held[context.Context.ConnectionId] = held;
        await next(context);
    }

    public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        if (_held.TryRemove(context.Context.ConnectionId, out var held))
        {
            held.Dispose();
        }

        await next(context, exception);
    }
}
