using ContainerLease.Domain.Leases;
using ContainerLease.Domain.Sweeping;
using Microsoft.Extensions.Logging;

namespace ContainerLease.Domain.Logging;

internal static partial class DomainLog
{
    [LoggerMessage(1001, LogLevel.Information, "Provisioned lease {LeaseId} as container {ContainerId} of {ImageType}, expiring at {ExpiresAt:o}")]
    public static partial void Provisioned(ILogger logger, string leaseId, string containerId, string imageType, DateTimeOffset expiresAt);

    [LoggerMessage(1016, LogLevel.Information, "Lease {LeaseId} of {ImageType} waits for its image to be pulled; its container starts when the pull is done")]
    public static partial void PullAwaited(ILogger logger, string leaseId, string imageType);

    [LoggerMessage(1017, LogLevel.Warning, "Lease {LeaseId} has waited for its image past the provision timeout and no start is under way; it ends pull-failed")]
    public static partial void PullAbandoned(ILogger logger, string leaseId);

    [LoggerMessage(1040, LogLevel.Warning, "Extended lease {LeaseId}, but its container could not be renamed to carry the new expiry; the sweep will rename it")]
    public static partial void RenameDeferred(ILogger logger, Exception exception, string leaseId);

    [LoggerMessage(1041, LogLevel.Information, "Warm pools refilled: {Added} members made ready, {Retired} retired, {Failed} failed")]
    public static partial void PoolRefilled(ILogger logger, int added, int retired, int failed);

    [LoggerMessage(1042, LogLevel.Warning, "A warm pool member of {ImageType}, container {ContainerId}, did not become healthy in time; removed")]
    public static partial void PoolMemberUnhealthy(ILogger logger, string imageType, string containerId);

    [LoggerMessage(1043, LogLevel.Warning, "Making a warm pool member of {ImageType} failed; the next refill tries again")]
    public static partial void PoolMemberFailed(ILogger logger, Exception exception, string imageType);

    [LoggerMessage(1002, LogLevel.Information, "Extended lease {LeaseId} from {OldExpiresAt:o} to {ExpiresAt:o}")]
    public static partial void Extended(ILogger logger, string leaseId, DateTimeOffset oldExpiresAt, DateTimeOffset expiresAt);

    [LoggerMessage(1003, LogLevel.Information, "Lease {LeaseId} ended ({Reason}); container {ContainerId} removed now: {Removed}")]
    public static partial void Ended(ILogger logger, string leaseId, string containerId, EndReason reason, bool removed);

    [LoggerMessage(1004, LogLevel.Warning, "Provisioning lease {LeaseId} failed after container {ContainerId} started; removing it")]
    public static partial void ProvisionRollingBack(ILogger logger, Exception exception, string leaseId, string containerId);

    [LoggerMessage(1005, LogLevel.Error, "Undoing the provision of lease {LeaseId} (container {ContainerId}) failed; the sweep will reap it")]
    public static partial void RollbackFailed(ILogger logger, Exception exception, string leaseId, string containerId);

    [LoggerMessage(1010, LogLevel.Warning, "Undoing the provision of lease {LeaseId}: its container is removed but its record could not be deleted; the sweep will end it as gone")]
    public static partial void RollbackRecordFailed(ILogger logger, Exception exception, string leaseId);

    [LoggerMessage(1011, LogLevel.Warning, "Lease {LeaseId} (container {ContainerId}) was adopted by a sweep before its slow provision stored it; the adopted record stands")]
    public static partial void ProvisionAdopted(ILogger logger, string leaseId, string containerId);

    [LoggerMessage(1013, LogLevel.Warning, "Could not give back the quota hold of lease {LeaseId}; it lapses by itself at {Until:o}")]
    public static partial void QuotaReleaseFailed(ILogger logger, Exception exception, string leaseId, DateTimeOffset until);

    [LoggerMessage(1014, LogLevel.Information, "The log follow of running container {ContainerId} was silent for {StallTimeout}; opening it again after {Since}")]
    public static partial void LogFollowReopened(ILogger logger, string containerId, TimeSpan stallTimeout, string? since);

    [LoggerMessage(1015, LogLevel.Warning, "Lease {LeaseId}: container {ContainerId} wrote {WrittenMb} MB, past its limit of {LimitMb} MB; ending it")]
    public static partial void DiskLimitReached(ILogger logger, string leaseId, string containerId, long writtenMb, int limitMb);

    [LoggerMessage(1006, LogLevel.Warning, "Adopted container {ContainerId} as lease {LeaseId} from its labels; it expires at {ExpiresAt:o}")]
    public static partial void Adopted(ILogger logger, string leaseId, string containerId, DateTimeOffset expiresAt);

    [LoggerMessage(1007, LogLevel.Warning, "Removed orphan container {ContainerId} (lease {LeaseId}): {Reason}")]
    public static partial void OrphanRemoved(ILogger logger, string containerId, string leaseId, string reason);

    [LoggerMessage(1008, LogLevel.Error, "Sweep could not reconcile container {ContainerId} / lease {LeaseId}")]
    public static partial void SweepItemFailed(ILogger logger, Exception exception, string containerId, string leaseId);

    [LoggerMessage(1012, LogLevel.Debug, "Sweep done: {Containers} containers, all in order")]
    public static partial void SweptNothing(ILogger logger, int containers);

    [LoggerMessage(1009, LogLevel.Information, "Sweep done: {Report}")]
    public static partial void Swept(ILogger logger, SweepReport report);

    // Exec's events are numbered from 1100, apart from the rest, so that other features can add theirs.
    [LoggerMessage(1100, LogLevel.Information, "{Caller} ran a command in lease {LeaseId}: exit {ExitCode}, timed out {TimedOut}, stopped {Stopped}, {DurationMs} ms")]
    public static partial void ExecRan(ILogger logger, string leaseId, string caller, int? exitCode, bool timedOut, bool stopped, long durationMs);

    [LoggerMessage(1101, LogLevel.Error, "A command in lease {LeaseId} (container {ContainerId}) was to be killed and may still run")]
    public static partial void ExecNotStopped(ILogger logger, string leaseId, string containerId);

    [LoggerMessage(1102, LogLevel.Warning, "Could not write a command into the history of lease {LeaseId}: {Entry}")]
    public static partial void ExecHistoryFailed(ILogger logger, Exception exception, string leaseId, string entry);

    // Warnings and activity are numbered from 1200.
    [LoggerMessage(1200, LogLevel.Information, "Warned the owner of lease {LeaseId} {Lead} before its expiry at {ExpiresAt:o}")]
    public static partial void Warned(ILogger logger, string leaseId, DateTimeOffset expiresAt, TimeSpan lead);

    [LoggerMessage(1201, LogLevel.Warning, "Could not note activity in lease {LeaseId}; what was done goes on")]
    public static partial void ActivityNotWritten(ILogger logger, Exception exception, string leaseId);

    [LoggerMessage(1202, LogLevel.Information, "Warned the owner of lease {LeaseId} {Lead} before it ends idle at {EndsIdleAt:o}")]
    public static partial void WarnedIdle(ILogger logger, string leaseId, DateTimeOffset endsIdleAt, TimeSpan lead);
}
