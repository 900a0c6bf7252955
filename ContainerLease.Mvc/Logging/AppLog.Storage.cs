namespace ContainerLease.Mvc.Logging;

internal static partial class AppLog
{
    [LoggerMessage(2230, LogLevel.Warning, "Could not subscribe to lease changes in Redis; leases are read from Redis on every proxied request until it answers")]
    public static partial void LeaseChangesNotHeard(ILogger logger, Exception exception);
}
