using ContainerLease.Domain.Leases;

namespace ContainerLease.Mvc.Logging;

internal static partial class AppLog
{
    [LoggerMessage(2001, LogLevel.Warning, "No ConnectionStrings:Redis is set: leases and jobs are kept in this process and are lost on restart")]
    public static partial void InMemoryStore(ILogger logger);

    [LoggerMessage(2002, LogLevel.Information, "Pulling image {Image}")]
    public static partial void PullingImage(ILogger logger, string image);

    [LoggerMessage(2003, LogLevel.Warning, "Creating or starting container {ContainerName} failed; removing it in case the engine made it")]
    public static partial void StartFailed(ILogger logger, Exception exception, string containerName);

    [LoggerMessage(2015, LogLevel.Error, "Could not remove container {ContainerName} after a failed start; the sweep will reap it by its labels")]
    public static partial void UndoCreateFailed(ILogger logger, Exception exception, string containerName);

    [LoggerMessage(2004, LogLevel.Information, "Expiry job for lease {LeaseId}, attempt {Attempt}: {Outcome}")]
    public static partial void ExpiryJobRan(ILogger logger, string leaseId, ExpireOutcome outcome, int attempt);

    [LoggerMessage(2006, LogLevel.Warning, "Expiry job for lease {LeaseId} failed on attempt {Attempt}; Hangfire will retry it")]
    public static partial void ExpiryJobFailed(ILogger logger, Exception exception, string leaseId, int attempt);

    [LoggerMessage(2007, LogLevel.Error, "Could not write the failed reap into the history of lease {LeaseId}")]
    public static partial void HistoryWriteFailed(ILogger logger, Exception exception, string leaseId);

    [LoggerMessage(2008, LogLevel.Warning, "This instance's Hangfire server {ServerName} is missing from storage (was Redis flushed?); restarting it")]
    public static partial void ServerMissing(ILogger logger, string serverName);

    [LoggerMessage(2009, LogLevel.Warning, "Job watchdog could not reach job storage")]
    public static partial void WatchdogFailed(ILogger logger, Exception exception);

    [LoggerMessage(2005, LogLevel.Error, "{Method} {Path} failed with {Status}; the answer shows error id {TraceId}")]
    public static partial void RequestFailed(ILogger logger, Exception exception, string method, string path, int status, string traceId);

    [LoggerMessage(2010, LogLevel.Warning, "Could not tell open pages that lease {LeaseId} changed")]
    public static partial void NotifyFailed(ILogger logger, Exception exception, string leaseId);

    [LoggerMessage(2011, LogLevel.Error, "{Method} {Path} failed; the page shows error id {TraceId}")]
    public static partial void PageFailed(ILogger logger, Exception exception, string method, string path, string traceId);

    [LoggerMessage(2012, LogLevel.Information, "Log stream of lease {LeaseId} opened for connection {ConnectionId}, since {Since}")]
    public static partial void LogStreamOpened(ILogger logger, string leaseId, string connectionId, string? since);

    [LoggerMessage(2013, LogLevel.Information, "Log stream of lease {LeaseId} closed for connection {ConnectionId} after {Sent} items")]
    public static partial void LogStreamClosed(ILogger logger, string leaseId, string connectionId, long sent);

    [LoggerMessage(2014, LogLevel.Warning, "Reading the logs of lease {LeaseId} failed")]
    public static partial void LogStreamFailed(ILogger logger, Exception exception, string leaseId);

    [LoggerMessage(2016, LogLevel.Warning, "No users are configured under Auth:Users, so nobody can sign in; scripts/run.sh creates a first admin")]
    public static partial void NoUsers(ILogger logger);

    [LoggerMessage(2017, LogLevel.Information, "{UserName} signed in")]
    public static partial void SignedIn(ILogger logger, string userName);

    [LoggerMessage(2018, LogLevel.Warning, "A sign-in as {UserName} from {ClientAddress} failed")]
    public static partial void SignInFailed(ILogger logger, string userName, string clientAddress);

    [LoggerMessage(2019, LogLevel.Warning, "Hangfire server {ServerName} did not stop within {Timeout}; its running jobs are left to be re-queued")]
    public static partial void JobServerStopTimedOut(ILogger logger, string serverName, TimeSpan timeout);

    [LoggerMessage(2020, LogLevel.Information, "Stopping: {Streams} open log streams, terminals and streamed commands closed")]
    public static partial void LogStreamsClosed(ILogger logger, int streams);

    [LoggerMessage(2021, LogLevel.Warning, "Stopping: {Streams} log streams, terminals or streamed commands were still open after {Grace}; their connections are dropped")]
    public static partial void LogStreamsStillOpen(ILogger logger, int streams, TimeSpan grace);

    [LoggerMessage(2022, LogLevel.Warning, "Redis had lost the data-protection key ring; wrote back the {Count} keys this instance knew, so existing sign-ins and forms stay valid")]
    public static partial void KeyRingRestored(ILogger logger, int count);

    [LoggerMessage(2023, LogLevel.Debug, "Could not check the data-protection key ring in Redis")]
    public static partial void KeyRingCheckFailed(ILogger logger, Exception exception);

    [LoggerMessage(2024, LogLevel.Warning, "Could not check which sign-ins have ended; hub connections of signed-out users stay open until the next check")]
    public static partial void SessionCheckFailed(ILogger logger, Exception exception);

    [LoggerMessage(2025, LogLevel.Warning, "Could not check a sign-in's session; this request is treated as signed out")]
    public static partial void SessionTouchFailed(ILogger logger, Exception exception);

    // Exec's events are numbered from 2100, apart from the rest, so that other features can add theirs.
    // None carries a command's input or output.
    [LoggerMessage(2100, LogLevel.Information, "The engine refused to run a command in container {ContainerId}: {EngineMessage}")]
    public static partial void ExecRefused(ILogger logger, string containerId, string engineMessage);

    [LoggerMessage(2101, LogLevel.Warning, "Reading the output of exec {ExecId} failed; killing its processes")]
    public static partial void ExecOutputFailed(ILogger logger, Exception exception, string execId);

    [LoggerMessage(2102, LogLevel.Debug, "A command ended before it read all of its {Bytes} bytes of stdin")]
    public static partial void ExecStdinUnread(ILogger logger, int bytes);

    [LoggerMessage(2103, LogLevel.Error, "Killing the processes of a command or terminal in container {ContainerId} failed with exit code {ExitCode} (126: the engine could not start it, as when the container is at its process limit or has no sh; 127: the image lacks tr or grep); they may still run")]
    public static partial void ExecKillFailed(ILogger logger, string containerId, long exitCode);

    [LoggerMessage(2104, LogLevel.Error, "Killing the processes of a command or terminal in container {ContainerId} failed; they may still run")]
    public static partial void ExecKillError(ILogger logger, Exception exception, string containerId);

    [LoggerMessage(2105, LogLevel.Warning, "A streamed command in lease {LeaseId} failed")]
    public static partial void ExecStreamFailed(ILogger logger, Exception exception, string leaseId);

    // Warnings, webhooks and the audit log are numbered from 2200.
    [LoggerMessage(2200, LogLevel.Information, "Warning job for lease {LeaseId}, {Lead} before its expiry: {Outcome}")]
    public static partial void WarningJobRan(ILogger logger, string leaseId, TimeSpan lead, WarnOutcome outcome);

    [LoggerMessage(2201, LogLevel.Error, "Could not queue webhook {Type} of lease {LeaseId} for endpoint {Endpoint}")]
    public static partial void WebhookEnqueueFailed(ILogger logger, Exception exception, string type, string leaseId, string endpoint);

    [LoggerMessage(2202, LogLevel.Information, "Webhook {Type} of lease {LeaseId} delivered to {Endpoint} on attempt {Attempt}")]
    public static partial void WebhookDelivered(ILogger logger, string type, string leaseId, string endpoint, int attempt);

    [LoggerMessage(2203, LogLevel.Warning, "Webhook {Type} of lease {LeaseId} to {Endpoint} failed on attempt {Attempt}; Hangfire will retry it")]
    public static partial void WebhookFailed(ILogger logger, Exception exception, string type, string leaseId, string endpoint, int attempt);

    [LoggerMessage(2204, LogLevel.Warning, "Webhook {Type} of lease {LeaseId} dropped: the endpoint {Endpoint} is no longer configured")]
    public static partial void WebhookDropped(ILogger logger, string type, string leaseId, string endpoint);

    [LoggerMessage(2205, LogLevel.Error, "Could not write {Event} by {Actor} (lease {LeaseId}) to the audit log; what was done stands")]
    public static partial void AuditWriteFailed(ILogger logger, Exception exception, string @event, string actor, string leaseId);

    [LoggerMessage(2206, LogLevel.Warning, "Could not relay the stored webhook events of lease {LeaseId}; the relay job tries again within Leases:SweepInterval")]
    public static partial void WebhookRelayFailed(ILogger logger, Exception exception, string leaseId);
}
