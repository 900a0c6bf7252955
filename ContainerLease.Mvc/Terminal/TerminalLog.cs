namespace ContainerLease.Mvc.Terminal;

/// <summary>What the terminal logs: sessions opening and closing, never what was typed or printed.</summary>
internal static partial class TerminalLog
{
    [LoggerMessage(2300, LogLevel.Information, "Terminal {SessionId} opened on lease {LeaseId} by {User}")]
    public static partial void Opened(ILogger logger, string sessionId, string leaseId, string user);

    [LoggerMessage(2301, LogLevel.Information, "Terminal {SessionId} on lease {LeaseId} closed after {Duration}: {Reason}")]
    public static partial void Closed(ILogger logger, string sessionId, string leaseId, TimeSpan duration, string reason);

    [LoggerMessage(2302, LogLevel.Warning, "Terminal {SessionId} on lease {LeaseId} failed")]
    public static partial void Failed(ILogger logger, Exception exception, string sessionId, string leaseId);

    [LoggerMessage(2303, LogLevel.Warning, "Could not record terminal {SessionId} in the history of lease {LeaseId}")]
    public static partial void HistoryFailed(ILogger logger, Exception exception, string sessionId, string leaseId);
}
