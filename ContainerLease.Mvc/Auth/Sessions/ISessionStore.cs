namespace ContainerLease.Mvc.Auth.Sessions;

/// <summary>
/// The page sign-ins that are still valid, kept on the server: a cookie names its session, and
/// signing out ends the session for every copy of that cookie, on every instance.
/// </summary>
public interface ISessionStore
{
    Task StartAsync(string sessionId, string user, TimeSpan lifetime, CancellationToken ct = default);

    /// <summary>True while the session is live, which keeps it live for another <paramref name="lifetime"/> (sliding, like the cookie).</summary>
    Task<bool> TouchAsync(string sessionId, TimeSpan lifetime, CancellationToken ct = default);

    /// <summary>Which of these sessions are no longer live.</summary>
    Task<IReadOnlySet<string>> EndedAmongAsync(IReadOnlyCollection<string> sessionIds, CancellationToken ct = default);

    Task EndAsync(string sessionId, CancellationToken ct = default);
}
