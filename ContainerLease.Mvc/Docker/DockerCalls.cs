using System.Net.Sockets;
using System.Text.Json;
using ContainerLease.Domain.Errors;
using Docker.DotNet;
using Microsoft.Extensions.Options;

namespace ContainerLease.Mvc.Docker;

/// <summary>
/// How every engine call is made, for any runtime that speaks to a Docker engine: an engine that
/// cannot be reached, answers 5xx, or is slower than <c>Docker:RequestTimeout</c> becomes a
/// <see cref="DependencyUnavailableException"/> whose message a user can act on; the engine's own
/// error stays inside it, for the log.
/// </summary>
internal sealed class DockerCalls(IOptions<DockerOptions> options)
{
    public async Task<T> RunAsync<T>(Func<Task<T>> call, CancellationToken ct)
    {
        try
        {
            return await call();
        }
        catch (Exception ex) when (IsUnreachable(ex))
        {
            throw Unreachable(ex);
        }
        catch (OperationCanceledException ex) when (!ct.IsCancellationRequested)
        {
            // The client's own timeout, not the caller's cancellation: the engine is too slow to answer.
            throw new DependencyUnavailableException(DependencyUnavailableException.Docker, $"The Docker engine did not answer within {options.Value.RequestTimeout}; try again shortly.", ex);
        }
    }

    public Task RunAsync(Func<Task> call, CancellationToken ct) => RunAsync(
        async () =>
        {
            await call();
            return true;
        },
        ct);

    public static bool IsUnreachable(Exception ex) => ex is HttpRequestException or IOException or SocketException or TimeoutException
        || (ex is DockerApiException api && (int)api.StatusCode >= 500 && ex is not DockerContainerNotFoundException);

    public static DependencyUnavailableException Unreachable(Exception ex) =>
        new(DependencyUnavailableException.Docker, "The Docker engine is not answering; try again shortly.", ex);

    /// <summary>The engine answers errors as <c>{"message": "..."}</c>; the message is what a person needs.</summary>
    public static string EngineMessage(DockerApiException ex)
    {
        try
        {
            using var body = JsonDocument.Parse(ex.ResponseBody ?? string.Empty);
            return body.RootElement.GetProperty("message").GetString() ?? ex.Message;
        }
        catch (Exception parse) when (parse is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return string.IsNullOrWhiteSpace(ex.ResponseBody) ? ex.Message : ex.ResponseBody.Trim();
        }
    }
}
