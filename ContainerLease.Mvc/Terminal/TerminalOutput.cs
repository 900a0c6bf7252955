namespace ContainerLease.Mvc.Terminal;

/// <summary>
/// One item of a terminal's stream: <c>started</c> (the session's id, for its input), <c>data</c>
/// (what the TTY printed, whole characters), or <c>notice</c> (why it ended; the last item).
/// </summary>
public sealed record TerminalOutput(string Kind, string Text)
{
    public static TerminalOutput Started(string sessionId) => new("started", sessionId);

    public static TerminalOutput Data(string text) => new("data", text);

    public static TerminalOutput Notice(string text) => new("notice", text);
}
