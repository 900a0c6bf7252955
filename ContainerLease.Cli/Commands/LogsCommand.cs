using System.CommandLine;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace ContainerLease.Cli.Commands;

/// <summary>
/// A lease's log over the logs hub. With <c>-f</c> it follows, and when the connection drops (or
/// the app restarts) it reconnects from the last line it printed, passing that line's timestamp and
/// how many lines it printed with exactly that timestamp, so no line is lost or printed twice.
/// </summary>
public static class LogsCommand
{
    public const string HubPath = "hubs/logs";

    /// <summary>
    /// Without -f: the engine sends what it has at once, so a pause this long after a line means the
    /// log is read to now. 1.5 s cut a busy machine's stream short mid-way (a test saw it), hence 3 s.
    /// </summary>
    public static readonly TimeSpan Quiet = TimeSpan.FromSeconds(3);

    /// <summary>Without -f: how long to wait for the first line (opening the stream asks the store and the engine first).</summary>
    public static readonly TimeSpan FirstLine = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    public static Command Create(Cli cli)
    {
        var id = Cli.LeaseId();
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing new lines until the container stops; reconnect when the connection drops." };
        var since = new Option<string?>("--since") { Description = "Start after the line with this timestamp (as --json prints it); else the last 200 lines." };
        var command = new Command("logs", "Print a lease's log: stdout on yours, stderr on yours.") { id, follow, since };
        command.SetAction(cli.Run(async (parse, api, ct) =>
        {
            var reader = new Reader(api.Settings, parse.GetValue(id)!, parse.GetValue(since), parse.GetValue(cli.Json));
            return parse.GetValue(follow) ? await reader.FollowAsync(ct) : await reader.ReadToNowAsync(ct);
        }));
        return command;
    }

    private sealed record LogItem(string Timestamp, string Stream, string Level, string Message);

    private sealed class Reader(Settings settings, string leaseId, string? since, bool json)
    {
        private string? _since = since;
        private int _seenAtSince;

        public async Task<int> FollowAsync(CancellationToken ct)
        {
            while (true)
            {
                try
                {
                    if (await ReadOnceAsync(quiet: null, ct))
                    {
                        return 0;
                    }
                }
                catch (Exception ex) when (Hubs.IsUnreachable(ex) && !ct.IsCancellationRequested)
                {
                    // The app does not answer now (restarting, or the network dropped): try again.
                }

                await Console.Error.WriteLineAsync(Output.Paint("containerlease: the log's connection dropped; reconnecting from the last line shown.", "2"));
                await Task.Delay(RetryDelay, ct);
            }
        }

        public async Task<int> ReadToNowAsync(CancellationToken ct)
        {
            try
            {
                await ReadOnceAsync(Quiet, ct);
                return 0;
            }
            catch (Exception ex) when (Hubs.IsUnreachable(ex))
            {
                throw new CliException($"Could not reach {settings.Url}: {ex.Message}");
            }
        }

        /// <summary>One connection's stream; true when the log ended for good (the container stopped), false when it was cut.</summary>
        private async Task<bool> ReadOnceAsync(TimeSpan? quiet, CancellationToken ct)
        {
            await using var connection = await Hubs.ConnectAsync(settings, HubPath, ct);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var ended = false;
            var printed = false;
            try
            {
                var items = connection.StreamAsync<LogItem>("StreamLogs", leaseId, _since, _seenAtSince, stop.Token).GetAsyncEnumerator(stop.Token);
                while (true)
                {
                    var next = items.MoveNextAsync().AsTask();
                    if (quiet is { } wait && await Task.WhenAny(next, Task.Delay(printed ? wait : FirstLine, ct)) != next)
                    {
                        await stop.CancelAsync();
                        await Swallow(next);
                        return true;
                    }

                    if (!await next)
                    {
                        return ended;
                    }

                    ended = await PrintAsync(items.Current);
                    printed = true;
                }
            }
            catch (HubException ex)
            {
                throw new CliException(Hubs.Words(ex));
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                if (ex is OperationCanceledException && quiet is not null)
                {
                    return true;
                }

                return false;
            }
        }

        /// <summary>Prints a line and remembers where the log is; true for the notice that the container stopped.</summary>
        private async Task<bool> PrintAsync(LogItem item)
        {
            if (json)
            {
                await Console.Out.WriteLineAsync(System.Text.Json.JsonSerializer.Serialize(item, Json.Compact));
            }
            else if (item.Stream == "stderr")
            {
                await Console.Error.WriteLineAsync(item.Message);
            }
            else if (item.Stream == "system")
            {
                await Console.Error.WriteLineAsync(Output.Paint("containerlease: " + item.Message, "2"));
            }
            else
            {
                await Console.Out.WriteLineAsync(item.Message);
            }

            if (item.Stream == "system")
            {
                // Notices are not positions: the shutdown notice means the app goes away and the log goes on.
                return item.Message.StartsWith("The container stopped", StringComparison.Ordinal);
            }

            if (item.Timestamp == _since)
            {
                _seenAtSince++;
            }
            else
            {
                _since = item.Timestamp;
                _seenAtSince = 1;
            }

            return false;
        }

        private static async Task Swallow(Task task)
        {
            try
            {
                await task;
            }
            catch (OperationCanceledException)
            {
            }
        }
    }
}
