using System.Globalization;
using System.Runtime.CompilerServices;
using ContainerLease.Domain.Errors;
using ContainerLease.Domain.Leases;
using ContainerLease.Domain.Logs;
using ContainerLease.Mvc.Auth;
using ContainerLease.Mvc.Logging;
using ContainerLease.Mvc.Telemetry;
using Microsoft.AspNetCore.SignalR;

namespace ContainerLease.Mvc.Live;

/// <summary>
/// Streams a lease's container logs, followed or (<see cref="ReadLogs"/>) up to now. The engine's own log is the buffer: a client that
/// reconnects passes the timestamp of the last line it saw (and how many lines it saw at exactly
/// that time) and gets every later line once. Each viewer reads through a buffer bounded in lines
/// and bytes (<see cref="ViewerBuffer"/>), so a slow viewer costs bounded memory and never slows
/// the container or other viewers; one that stays behind for long has lines skipped and is told
/// how many. One user holds at most <c>Logs:MaxStreamsPerUser</c> streams.
/// </summary>
public sealed class LogsHub(
    LeaseAccess access,
    LeaseLogs logs,
    LogOptions options,
    OpenLogStreams open,
    LeaseMetrics metrics,
    TimeProvider time,
    ILogger<LogsHub> logger) : Hub
{
    public const string Path = "/hubs/logs";

    /// <summary>How long reading waits for a viewer whose buffer is full before skipping lines.</summary>
    public static readonly TimeSpan ViewerPatience = TimeSpan.FromSeconds(5);

    /// <summary>The last item of every stream open when the app stops; the stream then completes.</summary>
    public const string ShutdownNotice = "ContainerLease is shutting down; the log continues from here once the viewer reconnects.";

    /// <summary>The log from a position (or its last lines), following until the container stops.</summary>
    public IAsyncEnumerable<LogItem> StreamLogs(string leaseId, string? since, int seenAtSince, CancellationToken cancellationToken) =>
        StreamAsync(leaseId, since, seenAtSince, follow: true, cancellationToken);

    /// <summary>The log from a position (or its last lines) up to now: the stream completes once the engine has given what it holds.</summary>
    public IAsyncEnumerable<LogItem> ReadLogs(string leaseId, string? since, int seenAtSince, CancellationToken cancellationToken) =>
        StreamAsync(leaseId, since, seenAtSince, follow: false, cancellationToken);

    private async IAsyncEnumerable<LogItem> StreamAsync(string leaseId, string? since, int seenAtSince, bool follow, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (since is not null && !LogPosition.IsTimestamp(since))
        {
            throw new HubException(
                $"since must be the timestamp of a line you received (such as 2025-01-01T12:00:00.123456789Z), or null for the last {LeaseLogs.RecentTail} lines.");
        }

        var caller = Context.User!.ToCaller();
        using var tracked = open.TryTrack(caller.Name, options.MaxStreamsPerUser);
        if (tracked is null)
        {
            metrics.LogStreamRefused();
            throw new HubException(
                $"You have {options.MaxStreamsPerUser} log streams open, the most one user may have; close a log viewer first.");
        }

        Domain.Leases.Lease lease;
        try
        {
            lease = await access.OpenAsync(leaseId, caller, whilePaused: true, cancellationToken);
        }
        catch (DomainException ex)
        {
            throw new HubException(ex.Message);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // This hub sends detailed errors (so a client learns what was wrong with its arguments);
            // an error nobody expected must still not show the client its type or its words.
            AppLog.LogStreamFailed(logger, ex, LogText.Of(leaseId));
            throw new HubException("Opening the log failed; the error was logged. Try again.");
        }

        var after = since is null ? null : new LogPosition(since, Math.Max(0, seenAtSince));
        var buffer = new ViewerBuffer();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, open.Closing);
        var lines = follow ? logs.ReadAsync(lease, after, stop.Token) : logs.ReadToNowAsync(lease, after, stop.Token);
        var reading = ReadIntoAsync(lines, lease, follow, buffer, stop.Token);
        AppLog.LogStreamOpened(logger, leaseId, Context.ConnectionId, since);
        long sent = 0;
        try
        {
            await foreach (var item in buffer.ReadAllAsync(cancellationToken))
            {
                sent++;
                yield return item;
            }
        }
        finally
        {
            await stop.CancelAsync();
            await reading;
            AppLog.LogStreamClosed(logger, leaseId, Context.ConnectionId, sent);
        }
    }

    /// <summary>Reads the engine's lines (read with <paramref name="ct"/>) into the viewer's buffer; never waits for the viewer.</summary>
    private async Task ReadIntoAsync(IAsyncEnumerable<LogLine> lines, Domain.Leases.Lease lease, bool follow, ViewerBuffer buffer, CancellationToken ct)
    {
        long missed = 0;
        try
        {
            await foreach (var line in lines)
            {
                if (missed > 0 && buffer.TryWrite(Notice($"{missed} lines were skipped because this viewer fell behind.")))
                {
                    missed = 0;
                }

                var item = new LogItem(line.Timestamp, line.Stream, line.Level, line.Message);
                if (missed > 0 || !await buffer.TryWriteSoonAsync(item, ViewerPatience, time, ct))
                {
                    missed++;
                }
            }

            if (follow)
            {
                // The engine ends a followed log when the container stops or is removed.
                await buffer.TryWriteSoonAsync(Notice("The container stopped; the log ends here."), ViewerPatience, time, ct);
            }

            buffer.Complete();
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            if (open.Closing.IsCancellationRequested)
            {
                buffer.TryWrite(Notice(ShutdownNotice));
            }

            buffer.Complete();
        }
        catch (Exception ex)
        {
            AppLog.LogStreamFailed(logger, ex, lease.Id.Value);
            // The reason stays in the log: an engine's or a library's words are no help to a viewer, and may say too much.
            buffer.Complete(new HubException("Reading the logs failed; the error was logged. Open the log again to retry."));
        }
    }

    private LogItem Notice(string message) =>
        new(time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffff00Z", CultureInfo.InvariantCulture), LogLine.System, "info", message);
}
