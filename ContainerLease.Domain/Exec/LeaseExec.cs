using System.Globalization;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using ContainerLease.Domain.Catalog;
using ContainerLease.Domain.Errors;
using ContainerLease.Domain.Leases;
using ContainerLease.Domain.Logging;
using ContainerLease.Domain.Ports;
using Microsoft.Extensions.Logging;

namespace ContainerLease.Domain.Exec;

/// <summary>
/// Commands in a lease's container, for the API (one answer) and the hub (a stream): the command is
/// checked, the lease opened through <see cref="LeaseAccess"/>, its catalog entry must offer exec,
/// and every command that ran is written into the lease's history. A command past its timeout, or
/// whose caller left, is killed with everything it started.
/// </summary>
public sealed class LeaseExec(
    LeaseAccess access,
    ImageCatalog catalog,
    IContainerExec exec,
    LeaseHistory history,
    LeaseActivity activity,
    ExecOptions options,
    TimeProvider time,
    ILogger<LeaseExec> logger)
{
    /// <summary>Items a streamed command may get ahead of its reader; then the command waits on its full pipe.</summary>
    private const int StreamAhead = 64;

    public async Task<ExecResult> RunAsync(string leaseId, ExecRequest request, LeaseCaller caller, CancellationToken ct = default)
    {
        var command = ExecCommand.Check(request.Command);
        var timeout = ExecCommand.Timeout(request.TimeoutSeconds, options);
        var lease = await OpenAsync(leaseId, caller, ct);

        var output = new CappedOutput(options.MaxOutputBytes);
        var end = await RunAsync(lease, new ExecSpec(command, request.Stdin), timeout, caller, output.AddAsync, ct);
        return new ExecResult(end.ExitCode, output.Stdout, output.Stderr, end.TimedOut, output.Truncated, end.Duration);
    }

    /// <summary>
    /// The command's output as it comes, then how it ended. It may run up to <see cref="ExecOptions.MaxTimeout"/>;
    /// a reader that stops reading (cancels, or leaves) has it killed.
    /// </summary>
    public async IAsyncEnumerable<ExecItem> StreamAsync(string leaseId, IReadOnlyList<string?>? command, LeaseCaller caller, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var spec = new ExecSpec(ExecCommand.Check(command), Stdin: null);
        var lease = await OpenAsync(leaseId, caller, ct);

        var items = Channel.CreateBounded<ExecItem>(new BoundedChannelOptions(StreamAhead) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var running = RunIntoAsync(lease, spec, caller, items.Writer, stop.Token);
        try
        {
            // Not cancelled by ct: a cancel kills the command, whose last item then says so and ends the stream.
            await foreach (var item in items.Reader.ReadAllAsync(CancellationToken.None))
            {
                yield return item;
            }
        }
        finally
        {
            // Harmless once the command has ended; otherwise the reader left early, and the command
            // must not run on, nor wait to hand it more.
            await stop.CancelAsync();
            items.Writer.TryComplete();
            await running;
        }
    }

    private async Task RunIntoAsync(Lease lease, ExecSpec spec, LeaseCaller caller, ChannelWriter<ExecItem> items, CancellationToken stop)
    {
        var text = new ExecText();
        try
        {
            var end = await RunAsync(lease, spec, options.MaxTimeout, caller, (output, token) => text.Decode(output) is { } item ? items.WriteAsync(item, token) : ValueTask.CompletedTask, stop);
            foreach (var rest in text.Flush().Append(new ExecItem(null, null, end)))
            {
                await items.WriteAsync(rest, CancellationToken.None);
            }

            items.TryComplete();
        }
        catch (Exception ex)
        {
            // The reader sees the error, or has left already (the writes then failed) and needs nothing.
            items.TryComplete(ex);
        }
    }

    /// <summary>The lease, if the caller may act on it and its entry offers exec.</summary>
    private async Task<Lease> OpenAsync(string leaseId, LeaseCaller caller, CancellationToken ct)
    {
        var lease = await access.OpenAsync(leaseId, caller, ct);
        return catalog.Find(lease.ImageType) switch
        {
            { Exec: true } => lease,
            null => throw new ActionNotAllowedException($"Lease {leaseId} is of '{lease.ImageType}', which is no longer in the catalog, so commands cannot be run in it."),
            _ => throw new ActionNotAllowedException($"Lease {leaseId} is of '{lease.ImageType}', whose catalog entry does not allow running commands (Exec is false)."),
        };
    }

    private async Task<ExecEnd> RunAsync(Lease lease, ExecSpec spec, TimeSpan timeout, LeaseCaller caller, Func<ExecOutput, CancellationToken, ValueTask> onOutput, CancellationToken ct)
    {
        await activity.NoteAsync(lease.Id, ct);
        using var deadline = new CancellationTokenSource(timeout, time);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline.Token);
        var started = time.GetTimestamp();
        var exit = await exec.RunAsync(lease.ContainerId, spec, onOutput, stop.Token);
        var end = new ExecEnd(exit.ExitCode, exit.Stopped && deadline.IsCancellationRequested, time.GetElapsedTime(started));

        DomainLog.ExecRan(logger, lease.Id.Value, caller.Name, end.ExitCode, end.TimedOut, exit.Stopped, (long)end.Duration.TotalMilliseconds);
        if (exit is { Stopped: true, ExitCode: null })
        {
            DomainLog.ExecNotStopped(logger, lease.Id.Value, lease.ContainerId);
        }

        // Written even when the caller has left: the command ran all the same.
        await RecordAsync(lease.Id, Describe(spec.Command, caller, exit, end), caller.Name, CancellationToken.None);
        return end;
    }

    private string Describe(IReadOnlyList<string> command, LeaseCaller caller, ExecExit exit, ExecEnd end)
    {
        if (!options.RecordCommands)
        {
            return $"by {caller.Name}";
        }

        var ms = ((long)end.Duration.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
        var how = exit switch
        {
            { Stopped: true, ExitCode: null } => $"could not be stopped after {ms} ms",
            { Stopped: true } when end.TimedOut => $"timed out after {ms} ms and was killed",
            { Stopped: true } => $"killed after {ms} ms when its caller left",
            _ => $"exit {exit.ExitCode} in {ms} ms",
        };
        return $"by {caller.Name}: {ExecCommand.Describe(command)} ({how})";
    }

    /// <summary>Best effort, like the reap failures: under heavy contention, or with the store down, the entry is logged instead.</summary>
    private async Task RecordAsync(LeaseId id, string detail, string by, CancellationToken ct)
    {
        try
        {
            await history.RecordAsync(id, (lease, at) => lease.Status == LeaseStatus.Active ? lease.RecordExec(at, detail, by) : null, ct);
        }
        catch (DomainException ex) when (ex is LeaseConflictException or DependencyUnavailableException)
        {
            DomainLog.ExecHistoryFailed(logger, ex, id.Value, detail);
        }
    }
}
