using ContainerLease.Domain.Leases;

namespace ContainerLease.Mvc.Logging;

internal static partial class AppLog
{
    [LoggerMessage(2001, LogLevel.Warning, "No ConnectionStrings:Redis is set: leases and jobs are kept in this process and are lost on restart")]
    public static partial void InMemoryStore(ILogger logger);

    [LoggerMessage(2002, LogLevel.Information, "Pulling image {Image}")]
    public static partial void PullingImage(ILogger logger, string image);

    [LoggerMessage(2003, LogLevel.Warning, "Container {ContainerId} was created but did not start; removing it")]
    public static partial void StartFailed(ILogger logger, Exception exception, string containerId);

    [LoggerMessage(2004, LogLevel.Information, "Expiry job for lease {LeaseId}: {Outcome}")]
    public static partial void ExpiryJobRan(ILogger logger, string leaseId, ExpireOutcome outcome);

    [LoggerMessage(2005, LogLevel.Error, "{Method} {Path} failed with {Status}")]
    public static partial void RequestFailed(ILogger logger, Exception exception, string method, string path, int status);
}
