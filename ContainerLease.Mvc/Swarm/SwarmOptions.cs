using System.ComponentModel.DataAnnotations;

namespace ContainerLease.Mvc.Swarm;

/// <summary>The <c>Swarm</c> section, read when <c>Runtime:Kind</c> is <c>swarm</c>.</summary>
public sealed class SwarmOptions
{
    public const string Section = "Swarm";

    /// <summary>
    /// Start even though Swarm cannot apply the whole sandbox (see <see cref="SwarmSandbox.Gaps"/>);
    /// without it the app refuses to start in swarm mode, so a weaker sandbox is never a surprise.
    /// </summary>
    public bool AllowWeakerSandbox { get; set; }

    /// <summary>
    /// How long a provision waits for the scheduler to place its task on a node; a task still
    /// pending then (no node has the memory it reserves) is removed and the provision answers 503.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan PlacementTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How the app reaches the engine of each node, by the node's hostname as the manager names it
    /// (<c>Swarm:Nodes:worker-1:Endpoint=tcp://10.0.0.11:2375</c>): commands, terminals, files, usage
    /// and pause of a lease run there. Without an entry for its node, they answer 501.
    /// </summary>
    public Dictionary<string, SwarmNodeOptions> Nodes { get; set; } = new(StringComparer.Ordinal);
}

/// <summary><c>Swarm:Nodes:&lt;hostname&gt;</c>.</summary>
public sealed class SwarmNodeOptions
{
    /// <summary>The node's engine, as <c>Docker:Endpoint</c> names one: <c>tcp://10.0.0.11:2375</c>.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Endpoint { get; set; } = string.Empty;
}
