namespace ContainerLease.Mvc.Logging;

internal static partial class AppLog
{
    [LoggerMessage(2110, LogLevel.Warning, "The user {User} of container {ContainerId} is not in its /etc/passwd or /etc/group; an upload there is owned by root")]
    public static partial void FileOwnerUnknown(ILogger logger, string user, string containerId);

    [LoggerMessage(2111, LogLevel.Warning, "The engine refused to write {Path} into container {ContainerId}: {EngineMessage}")]
    public static partial void FileWriteRefused(ILogger logger, Exception exception, string containerId, string path, string engineMessage);
}
