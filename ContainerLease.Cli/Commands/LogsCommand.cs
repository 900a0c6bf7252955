using System.CommandLine;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace ContainerLease.Cli.Commands;

/// <summary>
/// A lease's log over the logs hub: without <c>-f</c> up to now (the hub's <c>ReadLogs</c>, which reads
/// the engine's log without following and completes), with it until the container stops (<c>StreamLogs</c>).
/// When the connection drops (or the app restarts) it reconnects from the last line it printed,
/// passing that line's timestamp and how many lines it printed with exactly that timestamp, so no
/// line is lost or printed twice.
/// </summary>
public static class LogsCommand
{
    public const string HubPath = "hubs/logs";

    /// <summary>How the app's notice that it is shutting down begins: the log goes on once it is back.</summary>
    private const string ShutdownNotice = "ContainerLease is shutting down";

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
            var following = parse.GetValue(follow);
            return await reader.ReadAsync(following ? "StreamLogs" : "ReadLogs", keepTrying: following, ct);
        }));
        return command;
    }

    private sealed record LogItem(string Timestamp, string Stream, string Level, string Message);

    private sealed class Reader(Settings settings, string leaseId, string? since, bool json)
    {
        private string? _since = since;

        // The line at a --since timestamp is one the user has seen.
        private int _seenAtSince = since is null ? 0 : 1;

        /// <summary>
        /// Reads the hub's stream to its end, reconnecting when it is cut. An app that cannot be
        /// reached is tried again only when <paramref name="keepTrying"/> (a follower waits for it).
        /// </summary>
        public async Task<int> ReadAsync(string method, bool keepTrying, CancellationToken ct)
        {
            while (true)
            {
                try
                {
                    if (await ReadOnceAsync(method, ct))
                    {
                        return 0;
                    }
                }
                catch (Exception ex) when (Hubs.IsUnreachable(ex) && !ct.IsCancellationRequested)
                {
                    if (!keepTrying)
                    {
                        throw new CliException($"Could not reach {settings.Url}: {ex.Message}");
                    }
                }

                await Console.Error.WriteLineAsync(Output.Paint("containerlease: the log's connection dropped; reconnecting from the last line shown.", "2"));
                await Task.Delay(RetryDelay, ct);
            }
        }

        /// <summary>One connection's stream; true when it ended (read to now, or the container stopped), false when it was cut.</summary>
        private async Task<bool> ReadOnceAsync(string method, CancellationToken ct)
        {
            await using var connection = await Hubs.ConnectAsync(settings, HubPath, ct);
            var shuttingDown = false;
            try
            {
                await foreach (var item in connection.StreamAsync<LogItem>(method, leaseId, _since, _seenAtSince, ct))
                {
                    await PrintAsync(item);
                    shuttingDown = item.Stream == "system" && item.Message.StartsWith(ShutdownNotice, StringComparison.Ordinal);
                }

                return !shuttingDown;
            }
            catch (HubException ex)
            {
                throw new CliException(Hubs.Words(ex));
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                return false; // the connection dropped
            }
        }

        /// <summary>Prints a line and remembers where the log is.</summary>
        private async Task PrintAsync(LogItem item)
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
                return; // notices are not positions in the container's log
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
        }
    }
}
