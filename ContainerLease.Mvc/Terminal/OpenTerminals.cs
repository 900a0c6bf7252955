using System.Collections.Concurrent;
using ContainerLease.Mvc.Live;

namespace ContainerLease.Mvc.Terminal;

/// <summary>
/// The terminal sessions open in this instance, counted per lease (<c>Terminal:MaxSessionsPerLease</c>)
/// and found by id for their input, which only the connection that opened a session may send.
/// </summary>
public sealed class OpenTerminals : OpenStreams
{
    private readonly ConcurrentDictionary<string, TerminalSession> _sessions = new(StringComparer.Ordinal);

    public void Add(TerminalSession session) => _sessions[session.Id] = session;

    public void Remove(TerminalSession session) => _sessions.TryRemove(session.Id, out _);

    /// <summary>The session, when it is open and was opened by <paramref name="connectionId"/>; another connection's is as unknown as a closed one.</summary>
    public TerminalSession? Find(string sessionId, string connectionId) =>
        _sessions.TryGetValue(sessionId, out var session) && session.ConnectionId == connectionId ? session : null;
}
