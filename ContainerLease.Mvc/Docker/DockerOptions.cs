using System.ComponentModel.DataAnnotations;

namespace ContainerLease.Mvc.Docker;

/// <summary>The <c>Docker</c> section.</summary>
public sealed class DockerOptions
{
    public const string Section = "Docker";

    /// <summary>Empty means <c>DOCKER_HOST</c>, else the local socket.</summary>
    public string Endpoint { get; set; } = string.Empty;

    /// <summary>Every engine call but a pull; the client's own default (100 s) would hang a request on a stuck engine.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A pull that takes longer is given up, so an unreachable registry is an error, never a hang.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan PullTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Container creations in flight at once, and, separately, removals. A burst of leases then
    /// queues here instead of piling onto dockerd, which on a small machine stalls under a hundred
    /// at once; fewer creations in flight also leave the engine room to remove what is due
    /// (measured on 2 cores: 4 provisions as fast as 8, and the reap lag's p99 under a burst 0.7 s against 1.3 s).
    /// </summary>
    [Range(1, 256)]
    public int MaxParallelOperations { get; set; } = 4;

    /// <summary>Each container's log file is rotated at this size, so a flood cannot fill the disk.</summary>
    [Range(1, 10_240)]
    public int LogMaxSizeMb { get; set; } = 10;

    /// <summary>Rotated log files kept per container.</summary>
    [Range(1, 100)]
    public int LogMaxFiles { get; set; } = 3;

    /// <summary>Open files per process inside a container (soft and hard limit).</summary>
    [Range(16, 1_048_576)]
    public int MaxOpenFiles { get; set; } = 1024;

    public Uri EndpointUri => new(string.IsNullOrWhiteSpace(Endpoint) ? DefaultEndpoint() : Endpoint);

    private static string DefaultEndpoint() =>
        Environment.GetEnvironmentVariable("DOCKER_HOST") is { Length: > 0 } host ? host : "unix:///var/run/docker.sock";
}
