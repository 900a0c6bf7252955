using System.Runtime.CompilerServices;
using ContainerLease.Domain.Errors;
using ContainerLease.Domain.Exec;
using ContainerLease.Mvc.Auth;
using ContainerLease.Mvc.Exec;
using ContainerLease.Mvc.Logging;
using Microsoft.AspNetCore.SignalR;

namespace ContainerLease.Mvc.Live;

/// <summary>
/// Long commands, streamed: <c>Exec(leaseId, command)</c> yields the output as it comes and then
/// how the command ended. Cancelling the stream, leaving, or the app stopping kills the command
/// and all it started, as a timeout does. One user has at most <c>Exec:MaxStreamsPerUser</c> running.
/// </summary>
public sealed class ExecHub(LeaseExec exec, ExecOptions options, ExecStreams streams, ILogger<ExecHub> logger) : Hub
{
    public const string Path = "/hubs/exec";

    public async IAsyncEnumerable<ExecStreamItem> Exec(string leaseId, string?[]? command, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var caller = Context.User!.ToCaller();
        using var held = streams.TryTrack(caller.Name, options.MaxStreamsPerUser) ?? throw new HubException(
            $"You have {options.MaxStreamsPerUser} commands streaming, the most one user may have; cancel one or wait until it ends.");
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, streams.Closing);
        var items = exec.StreamAsync(leaseId, command, caller, stop.Token).GetAsyncEnumerator(stop.Token);
        try
        {
            while (await NextAsync(items, leaseId))
            {
                yield return ExecStreamItem.From(items.Current);
            }
        }
        finally
        {
            await items.DisposeAsync();
        }
    }

    private async Task<bool> NextAsync(IAsyncEnumerator<ExecItem> items, string leaseId)
    {
        try
        {
            return await items.MoveNextAsync();
        }
        catch (DomainException ex)
        {
            throw new HubException(ex.Message);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // An error nobody expected must not show the client its type or its words.
            AppLog.ExecStreamFailed(logger, ex, LogText.Of(leaseId));
            throw new HubException("Running the command failed; the error was logged. Try again.");
        }
    }
}
