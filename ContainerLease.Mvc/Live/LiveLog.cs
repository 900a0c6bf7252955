namespace ContainerLease.Mvc.Live;

internal static partial class LiveLog
{
    [LoggerMessage(2210, LogLevel.Warning, "Reading the usage of container {ContainerId} failed")]
    public static partial void UsageFailed(ILogger logger, Exception exception, string containerId);
}
