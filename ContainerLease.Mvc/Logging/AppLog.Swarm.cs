namespace ContainerLease.Mvc.Logging;

internal static partial class AppLog
{
    [LoggerMessage(2310, LogLevel.Warning, "Swarm mode: the sandbox is weaker than on one engine (manager API {ApiVersion}): {Gap}")]
    public static partial void SwarmSandboxGap(ILogger logger, string apiVersion, string gap);

    [LoggerMessage(2311, LogLevel.Warning, "Swarm mode: the manager at Docker:Endpoint did not answer at start, so its version and role were not checked")]
    public static partial void SwarmNotChecked(ILogger logger, Exception exception);
}
