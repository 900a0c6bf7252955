using System.ComponentModel.DataAnnotations;

namespace ContainerLease.Domain.Catalog;

/// <summary>A health check handed to the engine as it is; the lease then shows its health.</summary>
public sealed class HealthCheck
{
    /// <summary>Run through the container's shell (Docker's CMD-SHELL form).</summary>
    [Required(AllowEmptyStrings = false)]
    public string Command { get; set; } = string.Empty;

    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    [Range(1, 100)]
    public int Retries { get; set; } = 3;
}
