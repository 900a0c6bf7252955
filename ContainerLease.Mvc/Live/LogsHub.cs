using System.Globalization;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using ContainerLease.Domain.Errors;
using ContainerLease.Domain.Leases;
using ContainerLease.Domain.Logs;
using ContainerLease.Mvc.Auth;
using ContainerLease.Mvc.Logging;
using Microsoft.AspNetCore.SignalR;

namespace ContainerLease.Mvc.Live;

/// <summary>
/// Streams a lease's container logs. The engine's own log is the buffer: a client that
/// reconnects passes the timestamp of the last line it saw (and how many lines it saw at exactly
/// that time) and gets every later line once. Each viewer reads through a bounded buffer, so a
/// slow viewer costs bounded memory and never slows the container or other viewers; one that
/// stays behind for long has lines skipped and is told how many.
/// </summary>
public sealed class LogsHub(LeaseAccess access, LeaseLogs logs, OpenLogStreams open, TimeProvider time, ILogger<LogsHub> logger) : Hub
{
    public const string Path = "/hubs/logs";

    /// <summary>Lines held for one viewer that has not read them yet.</summary>
    public const int ViewerBuffer = 5_000;

    /// <summary>How long reading waits for a viewer whose buffer is full before skipping lines.</summary>
    public static readonly TimeSpan ViewerPatience = TimeSpan.FromSeconds(5);

    /// <summary>The last item of every stream open when the app stops; the stream then completes.</summary>
    public const string ShutdownNotice = "ContainerLease is shutting down; the log continues from here once the viewer reconnects.";

    public async IAsyncEnumerable<LogItem> StreamLogs(string leaseId, string? since, int seenAtSince, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (since is not null && !LogPosition.IsTimestamp(since))
        {
            throw new HubException(
                $"since must be the timestamp of a line you received (such as 2025-01-01T12:00:00.123456789Z), or null for the last {LeaseLogs.RecentTail} lines.");
        }

        Domain.Leases.Lease lease;
        try
        {
            lease = await access.OpenAsync(leaseId, Context.User!.ToCaller(), cancellationToken);
        }
        catch (DomainException ex)
        {
            throw new HubException(ex.Message);
        }

        var after = since is null ? null : new LogPosition(since, Math.Max(0, seenAtSince));
        var buffer = Channel.CreateBounded<LogItem>(new BoundedChannelOptions(ViewerBuffer) { SingleReader = true, SingleWriter = true });
        using var tracked = open.Track();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, open.Closing);
        var reading = ReadIntoAsync(lease, after, buffer.Writer, stop.Token);
        AppLog.LogStreamOpened(logger, leaseId, Context.ConnectionId, since);
        long sent = 0;
        try
        {
            await foreach (var item in buffer.Reader.ReadAllAsync(cancellationToken))
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

    /// <summary>Reads the engine into the viewer's buffer; never waits for the viewer.</summary>
    private async Task ReadIntoAsync(Domain.Leases.Lease lease, LogPosition? after, ChannelWriter<LogItem> writer, CancellationToken ct)
    {
        long missed = 0;
        try
        {
            await foreach (var line in logs.ReadAsync(lease, after, ct))
            {
                if (missed > 0 && writer.TryWrite(Notice($"{missed} lines were skipped because this viewer fell behind.")))
                {
                    missed = 0;
                }

                var item = new LogItem(line.Timestamp, line.Stream, line.Level, line.Message);
                if (missed > 0 || !await TryWriteSoonAsync(writer, item, ct))
                {
                    missed++;
                }
            }

            // The engine ends a followed log when the container stops or is removed.
            await writer.WriteAsync(Notice("The container stopped; the log ends here."), ct);
            writer.TryComplete();
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            if (open.Closing.IsCancellationRequested)
            {
                writer.TryWrite(Notice(ShutdownNotice));
            }

            writer.TryComplete();
        }
        catch (Exception ex)
        {
            AppLog.LogStreamFailed(logger, ex, lease.Id.Value);
            // The reason stays in the log: an engine's or a library's words are no help to a viewer, and may say too much.
            writer.TryComplete(new HubException("Reading the logs failed; the error was logged. Open the log again to retry."));
        }
    }

    /// <summary>
    /// A viewer that is briefly behind is waited for: the engine's log holds the lines meanwhile, so
    /// the container is never slowed. One that stays behind longer has lines skipped, and is told.
    /// </summary>
    private static async Task<bool> TryWriteSoonAsync(ChannelWriter<LogItem> writer, LogItem item, CancellationToken ct)
    {
        if (writer.TryWrite(item))
        {
            return true;
        }

        using var patience = CancellationTokenSource.CreateLinkedTokenSource(ct);
        patience.CancelAfter(ViewerPatience);
        try
        {
            while (await writer.WaitToWriteAsync(patience.Token))
            {
                if (writer.TryWrite(item))
                {
                    return true;
                }
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // Out of patience: this line is skipped.
        }

        return false;
    }

    private LogItem Notice(string message) =>
        new(time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffff00Z", CultureInfo.InvariantCulture), LogLine.System, "info", message);
}
