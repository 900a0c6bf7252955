using System.Runtime.CompilerServices;
using ContainerLease.Domain.Catalog;
using ContainerLease.Domain.Errors;
using ContainerLease.Domain.Leases;
using ContainerLease.Domain.Policy;
using ContainerLease.Domain.Ports;
using ContainerLease.Mvc.Auth;
using ContainerLease.Mvc.Live;
using ContainerLease.Mvc.Logging;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace ContainerLease.Mvc.Terminal;

/// <summary>
/// A shell in a leased container, in the browser. <see cref="Open"/> starts one (through the
/// lease-access check) and streams what it prints; <see cref="Input"/> and <see cref="Resize"/>
/// name the session it announced first. The stream ends with a notice when the shell exits, the
/// lease ends, the session is idle too long or the app stops; a client that cancels the stream
/// ends the shell. Nothing typed or printed is logged or stored: the lease's history records who
/// opened a terminal and for how long.
/// </summary>
public sealed class TerminalHub(
    LeaseAccess access,
    ImageCatalog catalog,
    IContainerTerminals terminals,
    OpenTerminals open,
    LeaseHistory history,
    LeaseActivity activity,
    ILeaseStore store,
    IOptions<TerminalOptions> options,
    TimeProvider time,
    ILogger<TerminalHub> logger) : Hub
{
    public const string Path = "/hubs/terminal";

    /// <summary>The last item of every terminal open when the app stops, as the log viewer gets its own.</summary>
    public const string ShutdownNotice = "ContainerLease is shutting down; open the terminal again once it is back.";

    public const string LeaseEndedNotice = "The lease has ended; its container is gone.";

    /// <summary>The most characters one <see cref="Input"/> may carry; the page sends a long paste in pieces.</summary>
    public const int MaxInputLength = 8 * 1024;

    public async IAsyncEnumerable<TerminalOutput> Open(string leaseId, int columns, int rows, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var (session, slot) = await StartAsync(leaseId, new TerminalSize(columns, rows), cancellationToken);

        // Released last, after the history is written: the app's stop waits for the count to reach
        // zero before it drops connections, and the stream must have ended by then.
        using var held = slot;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, open.Closing, session.Idle);
        var reason = "the page closed it";
        try
        {
            yield return TerminalOutput.Started(session.Id);
            while (await NextAsync(session, stop.Token) is { } text)
            {
                yield return TerminalOutput.Data(text);
            }

            if (!cancellationToken.IsCancellationRequested)
            {
                reason = await EndingAsync(session);
                yield return TerminalOutput.Notice(reason);
            }
        }
        finally
        {
            await CloseAsync(session, reason);
        }
    }

    public async Task Input(string sessionId, string data)
    {
        if (data.Length > MaxInputLength)
        {
            throw new HubException($"Send at most {MaxInputLength} characters at a time.");
        }

        await UseAsync(sessionId, async session =>
        {
            await session.InputAsync(data, Context.ConnectionAborted);
            await activity.NoteAsync(session.LeaseId, Context.ConnectionAborted);
        });
    }

    public async Task Resize(string sessionId, int columns, int rows)
    {
        var size = new TerminalSize(columns, rows);
        if (!size.IsValid)
        {
            throw new HubException(SizeError);
        }

        await UseAsync(sessionId, session => session.ResizeAsync(size, Context.ConnectionAborted));
    }

    private static string SizeError => $"columns and rows must be between 1 and {TerminalSize.Max}.";

    private async Task<(TerminalSession Session, IDisposable Slot)> StartAsync(string leaseId, TerminalSize size, CancellationToken ct)
    {
        if (!size.IsValid)
        {
            throw new HubException(SizeError);
        }

        var caller = Context.User!.ToCaller();
        IDisposable? slot = null;
        try
        {
            var lease = await access.OpenAsync(leaseId, caller, ct);
            var image = catalog.Find(lease.ImageType);
            if (image is not { HasTerminal: true })
            {
                throw new HubException($"The catalog entry {lease.ImageType} offers no terminal.");
            }

            slot = open.TryTrack(lease.Id.Value, options.Value.MaxSessionsPerLease)
                ?? throw new HubException($"This lease has {options.Value.MaxSessionsPerLease} terminals open, the most one lease may have; close one first.");
            var process = await terminals.StartAsync(lease.ContainerId, image.Shell, size, ct);
            var session = new TerminalSession(process, lease.Id, caller.Name, Context.ConnectionId, options.Value.IdleTimeout, time);
            open.Add(session);
            TerminalLog.Opened(logger, session.Id, session.LeaseId.Value, LogText.Of(caller.Name));
            await RecordAsync(session, LeaseEvent.TerminalOpened, $"by {caller.Name}");
            return (session, slot);
        }
        catch (Exception ex) when (ex is not HubException and not OperationCanceledException)
        {
            slot?.Dispose();
            if (ex is DomainException domain)
            {
                throw new HubException(domain.Message);
            }

            TerminalLog.Failed(logger, ex, "-", LogText.Of(leaseId));
            throw new HubException("Opening the terminal failed; the error was logged. Try again.");
        }
        catch
        {
            slot?.Dispose();
            throw;
        }
    }

    /// <summary>The next text, or null when the stream should end (see <see cref="EndingAsync"/> for why).</summary>
    private async Task<string?> NextAsync(TerminalSession session, CancellationToken stop)
    {
        try
        {
            return await session.ReadAsync(stop);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return null;
        }
        catch (Exception ex) when (ex is IOException or DependencyUnavailableException or ObjectDisposedException)
        {
            // A connection to the engine that breaks is how a removed container often ends its exec.
            TerminalLog.Failed(logger, ex, session.Id, session.LeaseId.Value);
            return null;
        }
    }

    /// <summary>Why a stream that the client did not cancel ended, in words for the terminal's last line.</summary>
    private async Task<string> EndingAsync(TerminalSession session)
    {
        if (open.Closing.IsCancellationRequested)
        {
            return ShutdownNotice;
        }

        if (session.IsIdle)
        {
            return $"The terminal was idle for {DurationPolicy.Describe(options.Value.IdleTimeout)} and was closed; open it again to go on.";
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            if (await store.GetAsync(session.LeaseId, timeout.Token) is not { Status: LeaseStatus.Active })
            {
                return LeaseEndedNotice;
            }

            return await session.ExitCodeAsync(timeout.Token) is { } code
                ? $"The shell exited with code {code}."
                : "The terminal's connection to the container ended; open it again to go on.";
        }
        catch (Exception ex) when (ex is DependencyUnavailableException or OperationCanceledException)
        {
            return "The terminal ended; open it again to go on.";
        }
    }

    private async Task CloseAsync(TerminalSession session, string reason)
    {
        open.Remove(session);
        await session.DisposeAsync();
        var duration = time.GetUtcNow() - session.OpenedAt;
        TerminalLog.Closed(logger, session.Id, session.LeaseId.Value, duration, reason);
        await RecordAsync(session, LeaseEvent.TerminalClosed, $"by {session.User} after {DurationPolicy.Describe(TimeSpan.FromSeconds(Math.Round(duration.TotalSeconds)))}: {reason}");
    }

    private async Task RecordAsync(TerminalSession session, string kind, string detail)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await history.RecordAsync(session.LeaseId, kind, detail, session.User, timeout.Token);
        }
        catch (Exception ex) when (ex is DomainException or OperationCanceledException)
        {
            TerminalLog.HistoryFailed(logger, ex, session.Id, session.LeaseId.Value);
        }
    }

    private async Task UseAsync(string sessionId, Func<TerminalSession, Task> use)
    {
        var session = open.Find(sessionId, Context.ConnectionId) ?? throw new HubException("That terminal is closed; open it again.");
        try
        {
            await use(session);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or DependencyUnavailableException)
        {
            throw new HubException("That terminal is closed; open it again.");
        }
    }
}
