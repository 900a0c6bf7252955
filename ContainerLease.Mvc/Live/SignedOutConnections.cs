using System.Collections.Concurrent;
using ContainerLease.Mvc.Auth.Sessions;
using ContainerLease.Mvc.Jobs;
using ContainerLease.Mvc.Logging;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace ContainerLease.Mvc.Live;

/// <summary>
/// Closes the hub connections of a page sign-in that has ended: at once on the instance where
/// the user signed out, and on every other instance within <c>Jobs:WatchdogInterval</c>, when it
/// finds the session gone from the store. A new connection needs a live session anyway (the
/// cookie is checked against the store on every request).
/// </summary>
public sealed class SignedOutConnections(
    ISessionStore sessions,
    IOptions<JobsOptions> jobs,
    TimeProvider time,
    ILogger<SignedOutConnections> logger) : BackgroundService, IHubFilter
{
    private readonly ConcurrentDictionary<string, (string SessionId, HubCallerContext Connection)> _open = new(StringComparer.Ordinal);

    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        // Connections with an API key have no session: the key is theirs until it is removed.
        if (SessionClaim.IdOf(context.Context.User) is { } sessionId)
        {
            _open[context.Context.ConnectionId] = (sessionId, context.Context);
        }

        await next(context);
    }

    public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        _open.TryRemove(context.Context.ConnectionId, out _);
        await next(context, exception);
    }

    /// <summary>Closes this instance's connections of the session now.</summary>
    public void Close(string sessionId)
    {
        foreach (var (_, open) in _open.Where(o => o.Value.SessionId == sessionId))
        {
            open.Connection.Abort();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(jobs.Value.WatchdogInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var open = _open.Values.Select(o => o.SessionId).Distinct(StringComparer.Ordinal).ToList();
            if (open.Count == 0)
            {
                continue;
            }

            try
            {
                foreach (var ended in await sessions.EndedAmongAsync(open, stoppingToken))
                {
                    Close(ended);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The store is down: no session can be seen to end until it returns; the next round tries again.
                AppLog.SessionCheckFailed(logger, ex);
            }
        }
    }
}
