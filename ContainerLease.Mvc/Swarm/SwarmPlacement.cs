using ContainerLease.Domain.Catalog;
using ContainerLease.Domain.Errors;
using ContainerLease.Mvc.Docker;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Options;

namespace ContainerLease.Mvc.Swarm;

/// <summary>
/// Waits, for at most <c>Swarm:PlacementTimeout</c>, until a new service's task is placed and
/// started, so that a provision answers what happened: a cluster with no room is a clear 503
/// naming the memory asked, an image no node has is a 502, rather than a task pending for ever.
/// </summary>
internal sealed class SwarmPlacement(IDockerClient docker, DockerCalls calls, IOptions<SwarmOptions> options, TimeProvider time)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

    public async Task WaitAsync(string serviceId, CatalogImage image, CancellationToken ct)
    {
        var deadline = time.GetUtcNow() + options.Value.PlacementTimeout;
        var filter = new Dictionary<string, IDictionary<string, bool>> { ["service"] = new Dictionary<string, bool> { [serviceId] = true } };
        var nodes = new Dictionary<string, NodeListResponse>(StringComparer.Ordinal);
        while (true)
        {
            var tasks = await calls.RunAsync(() => docker.Tasks.ListAsync(new TasksListParameters { Filters = filter }, ct), ct);
            var task = SwarmTask.Current(tasks, nodes);
            switch (task)
            {
                case { State: TaskState.Running }:
                    return;
                case { State: TaskState.Starting } when image.HealthCheck is not null:
                    return; // Swarm holds a task with a health check in starting until it is healthy; its process runs
                case { HasEnded: true }:
                    throw Failed(task, image);
                case { IsPending: false } when time.GetUtcNow() >= deadline:
                    return; // placed, still preparing (a node pulling the image): it starts on its own
                case { IsPending: true } or null when time.GetUtcNow() >= deadline:
                    throw new NoCapacityException(
                        $"No node has {image.MemoryMb} MB free for this lease ({image.Cpus:0.##} CPUs reserved with it): "
                        + $"the cluster's scheduler says \"{task?.Why ?? "not yet scheduled"}\". Try again when other leases have ended, or choose a smaller image.");
            }

            await Task.Delay(Poll, time, ct);
        }
    }

    private static DomainException Failed(SwarmTask task, CatalogImage image) =>
        task.Why.Contains("No such image", StringComparison.OrdinalIgnoreCase) || task.Why.Contains("pull", StringComparison.OrdinalIgnoreCase)
            ? new ImageUnavailableException(image.Image, $"the node could not get it: {task.Why}")
            : new DependencyUnavailableException(DependencyUnavailableException.Docker, $"The lease's task could not start on the cluster ({task.State.ToString().ToLowerInvariant()}: {task.Why}); try again shortly.");
}
