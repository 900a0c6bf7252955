using ContainerLease.Tests.Deployment;
using ContainerLease.Tests.Integration.Infrastructure;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace ContainerLease.Tests.Swarm;

/// <summary>
/// A real Swarm of three engines on this machine, never the host's own, made by
/// scripts/swarm-cluster.sh (which the benchmark uses too): each node a container running Debian's
/// dockerd on a private network, its /var/lib/docker on a volume of its own, one manager and two
/// workers, the test image loaded into each. Taken down, with its volumes and network, when the
/// tests are done. Everything it makes is named <c>cla-swarm-test-*</c>.
/// </summary>
public sealed class SwarmCluster : IAsyncLifetime
{
    public const string Prefix = "cla-swarm-test-";

    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    private readonly string _name = Prefix + Guid.NewGuid().ToString("N")[..8];

    public string Manager => $"{_name}-manager";

    public IReadOnlyList<string> Workers => [$"{_name}-worker-1", $"{_name}-worker-2"];

    /// <summary>Each node's container name, which is also its hostname, as the manager names it.</summary>
    public IReadOnlyList<string> Nodes => [Manager, .. Workers];

    /// <summary>The manager's engine API, reachable from this machine: what the app is given as <c>Docker:Endpoint</c>.</summary>
    public string ManagerEndpoint { get; private set; } = string.Empty;

    /// <summary>A client of the manager, for the tests to look at services, tasks and nodes.</summary>
    public DockerClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var up = await Command.RunAsync("bash", ["scripts/swarm-cluster.sh", "up", _name, TestSettings.Image], Repository.Root, TimeSpan.FromMinutes(10));
        Assert.True(up.Succeeded, $"Making the test swarm failed (scripts/setup.sh --compose installs what it needs).\n{up.Describe()}");
        ManagerEndpoint = up.Output.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("MANAGER_ENDPOINT=", StringComparison.Ordinal))["MANAGER_ENDPOINT=".Length..];
        Client = new DockerClientConfiguration(new Uri(ManagerEndpoint)).CreateClient();
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        await Command.RunAsync("bash", ["scripts/swarm-cluster.sh", "down", _name], Repository.Root, Patience);
    }

    /// <summary>Each node's own engine API by its hostname, as <c>Swarm:Nodes:&lt;hostname&gt;:Endpoint</c> names it.</summary>
    public async Task<IReadOnlyDictionary<string, string>> NodeEndpointsAsync()
    {
        var endpoints = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var node in Nodes)
        {
            var address = (await DockerAsync("inspect", "-f", $"{{{{(index .NetworkSettings.Networks \"{_name}-net\").IPAddress}}}}", node)).Trim();
            endpoints[node] = $"tcp://{address}:2375";
        }

        return endpoints;
    }

    /// <summary>The hostnames of the nodes the manager reports ready (whatever their availability).</summary>
    public async Task<IReadOnlyList<string>> ReadyNodesAsync() =>
        [.. (await Client.Swarm.ListNodesAsync()).Where(n => n.Status.State == "ready").Select(n => n.Description.Hostname)];

    /// <summary>The node each running task of these services is on, by service id.</summary>
    public async Task<IReadOnlyDictionary<string, string>> PlacementAsync(IEnumerable<string> serviceIds)
    {
        var nodes = (await Client.Swarm.ListNodesAsync()).ToDictionary(n => n.ID, n => n.Description.Hostname);
        var wanted = serviceIds.ToHashSet(StringComparer.Ordinal);
        return (await Client.Tasks.ListAsync())
            .Where(t => wanted.Contains(t.ServiceID) && t.Status.State == TaskState.Running && t.NodeID is not null)
            .GroupBy(t => t.ServiceID)
            .ToDictionary(g => g.Key, g => nodes.GetValueOrDefault(g.First().NodeID) ?? g.First().NodeID);
    }

    /// <summary>Services labelled with the installation, and tasks of any service no longer listed but still reported.</summary>
    public async Task<IReadOnlyList<SwarmService>> ServicesAsync(string installationId) =>
        [.. await Client.Swarm.ListServicesAsync(new ServicesListParameters { Filters = new ServiceFilter { Label = [$"containerlease.installation={installationId}"] } })];

    /// <summary>Every task the manager still reports for these services.</summary>
    public async Task<IReadOnlyList<TaskResponse>> TasksOfAsync(IEnumerable<string> serviceIds)
    {
        var wanted = serviceIds.ToHashSet(StringComparer.Ordinal);
        return [.. (await Client.Tasks.ListAsync()).Where(t => wanted.Contains(t.ServiceID))];
    }

    /// <summary><c>drain</c> or <c>active</c>; read again and retried while the manager is updating the node itself ("update out of sequence").</summary>
    public async Task SetAvailabilityAsync(string node, string availability)
    {
        for (var attempt = 1; ; attempt++)
        {
            var described = (await Client.Swarm.ListNodesAsync()).Single(n => n.Description.Hostname == node);
            var spec = described.Spec;
            spec.Availability = availability;
            try
            {
                await Client.Swarm.UpdateNodeAsync(described.ID, described.Version.Index, spec);
                return;
            }
            catch (DockerApiException ex) when (attempt < 10 && ex.ResponseBody.Contains("out of sequence", StringComparison.Ordinal))
            {
                await Task.Delay(200);
            }
        }
    }

    /// <summary>Kills the node's container: its dockerd and every task on it stop at once, as a machine that loses power.</summary>
    public static Task KillAsync(string node) => DockerAsync("kill", node);

    /// <summary>Starts a killed node again; its dockerd rejoins the swarm from the state on its volume.</summary>
    public async Task RestartAsync(string node)
    {
        await DockerAsync("start", node);
        await Eventually.TrueAsync(async () => (await ReadyNodesAsync()).Contains(node), Patience, $"{node} is ready in the swarm again");
    }

    private static Task<string> DockerAsync(params string[] args) => RunAsync("docker", args);

    private static async Task<string> RunAsync(string file, params string[] args)
    {
        var result = await Command.RunAsync(file, args, Repository.Root, Patience);
        Assert.True(result.Succeeded, result.Describe());
        return result.Output;
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SharedSwarm : ICollectionFixture<SwarmCluster>
{
    /// <summary>Alone, after the other tests, like the compose stack: three engines on two cores are felt by timing tests.</summary>
    public const string Name = "Swarm cluster";
}
