using ContainerLease.Domain.Errors;
using ContainerLease.Domain.Ports;
using ContainerLease.Mvc.Docker;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Options;

namespace ContainerLease.Mvc.Swarm;

/// <summary>
/// The engines of the nodes named under <c>Swarm:Nodes</c>, each with the Docker engine's own
/// adapters (exec, terminals, files, stats, pause) over a client of its own, and the way from a
/// lease's service to the node and container that run its task.
/// </summary>
internal sealed class NodeEngines : IDisposable
{
    private readonly Dictionary<string, NodeEngine> _engines;
    private readonly IDockerClient _manager;
    private readonly DockerCalls _calls;

    public NodeEngines(IServiceProvider services, IDockerClient manager, DockerCalls calls, IOptions<SwarmOptions> swarm, IOptions<DockerOptions> docker)
    {
        _manager = manager;
        _calls = calls;
        _engines = swarm.Value.Nodes.ToDictionary(
            n => n.Key,
            n => NodeEngine.For(services, new DockerClientConfiguration(new Uri(n.Value.Endpoint), defaultTimeout: docker.Value.RequestTimeout).CreateClient()),
            StringComparer.Ordinal);
    }

    public bool Any => _engines.Count > 0;

    /// <summary>The engine and container running the service's task; 501 naming the node when it is not configured, 409 when no task runs.</summary>
    public async Task<(NodeEngine Engine, string ContainerId)> ResolveAsync(string serviceId, CancellationToken ct)
    {
        var filter = new Dictionary<string, IDictionary<string, bool>>
        {
            ["service"] = new Dictionary<string, bool> { [serviceId] = true },
            ["desired-state"] = new Dictionary<string, bool> { ["running"] = true },
        };
        IList<TaskResponse> tasks;
        try
        {
            tasks = await _calls.RunAsync(() => _manager.Tasks.ListAsync(new TasksListParameters { Filters = filter }, ct), ct);
        }
        catch (DockerApiException ex) when (ex.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            tasks = []; // the service was removed meanwhile
        }

        var task = tasks
            .Where(t => t.Status.State is TaskState.Running or TaskState.Starting && !string.IsNullOrEmpty(t.Status.ContainerStatus?.ContainerID))
            .OrderByDescending(t => t.CreatedAt)
            .FirstOrDefault() ?? throw new LeaseConflictException("The lease's task is not running on any node of the swarm.");
        var node = await _calls.RunAsync(() => _manager.Swarm.InspectNodeAsync(task.NodeID, ct), ct);
        var hostname = node.Description.Hostname;
        return _engines.TryGetValue(hostname, out var engine)
            ? (engine, task.Status.ContainerStatus.ContainerID)
            : throw new CapabilityUnavailableException("node", $"The lease runs on node {hostname}, whose engine this installation does not reach: set Swarm:Nodes:{hostname}:Endpoint.");
    }

    public void Dispose()
    {
        foreach (var engine in _engines.Values)
        {
            engine.Dispose();
        }
    }
}

/// <summary>One node's engine and the Docker adapters over it.</summary>
internal sealed record NodeEngine(IDockerClient Client, IContainerExec Exec, IContainerTerminals Terminals, IContainerFiles Files, IContainerStats Stats, IContainerPause Pause) : IDisposable
{
    public static NodeEngine For(IServiceProvider services, IDockerClient client)
    {
        var killer = ActivatorUtilities.CreateInstance<ExecKiller>(services, client);
        return new NodeEngine(
            client,
            ActivatorUtilities.CreateInstance<DockerContainerExec>(services, client, killer),
            ActivatorUtilities.CreateInstance<DockerTerminals>(services, client, killer),
            ActivatorUtilities.CreateInstance<DockerContainerFiles>(services, client),
            ActivatorUtilities.CreateInstance<DockerStats>(services, client),
            ActivatorUtilities.CreateInstance<DockerPause>(services, client));
    }

    public void Dispose()
    {
        (Files as IDisposable)?.Dispose();
        Client.Dispose();
    }
}
