using ContainerLease.Domain.Leases;
using Microsoft.Extensions.Logging;

namespace ContainerLease.Domain.Logging;

internal static partial class DomainLog
{
    [LoggerMessage(1001, LogLevel.Information, "Provisioned lease {LeaseId} as container {ContainerId} of {ImageType}, expiring at {ExpiresAt:o}")]
    public static partial void Provisioned(ILogger logger, string leaseId, string containerId, string imageType, DateTimeOffset expiresAt);

    [LoggerMessage(1002, LogLevel.Information, "Extended lease {LeaseId} from {OldExpiresAt:o} to {ExpiresAt:o}")]
    public static partial void Extended(ILogger logger, string leaseId, DateTimeOffset oldExpiresAt, DateTimeOffset expiresAt);

    [LoggerMessage(1003, LogLevel.Information, "Lease {LeaseId} ended ({Reason}); container {ContainerId} removed now: {Removed}")]
    public static partial void Ended(ILogger logger, string leaseId, string containerId, EndReason reason, bool removed);

    [LoggerMessage(1004, LogLevel.Warning, "Provisioning lease {LeaseId} failed after container {ContainerId} started; removing it")]
    public static partial void ProvisionRollingBack(ILogger logger, Exception exception, string leaseId, string containerId);

    [LoggerMessage(1005, LogLevel.Error, "Undoing the provision of lease {LeaseId} (container {ContainerId}) failed; the sweep will reap it")]
    public static partial void RollbackFailed(ILogger logger, Exception exception, string leaseId, string containerId);
}
