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
}
