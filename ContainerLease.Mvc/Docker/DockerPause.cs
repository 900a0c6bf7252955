using System.Net;
using ContainerLease.Domain.Ports;
using Docker.DotNet;

namespace ContainerLease.Mvc.Docker;

/// <summary>The engine's pause and unpause. Its 409 for a container already in the asked state is taken as done.</summary>
internal sealed class DockerPause(IDockerClient docker, DockerCalls calls) : IContainerPause
{
    public Task<bool> PauseAsync(string containerId, CancellationToken ct = default) =>
        AskAsync(() => docker.Containers.PauseContainerAsync(containerId, ct), ct);

    public Task<bool> ResumeAsync(string containerId, CancellationToken ct = default) =>
        AskAsync(() => docker.Containers.UnpauseContainerAsync(containerId, ct), ct);

    private async Task<bool> AskAsync(Func<Task> call, CancellationToken ct)
    {
        try
        {
            await calls.RunAsync(call, ct);
            return true;
        }
        catch (DockerContainerNotFoundException)
        {
            return false;
        }
        catch (DockerApiException ex) when (ex.StatusCode == HttpStatusCode.Conflict)
        {
            // "is already paused" / "is not paused"; "is not running" would be a stopped container,
            // which the sweep ends as gone.
            return true;
        }
    }
}
