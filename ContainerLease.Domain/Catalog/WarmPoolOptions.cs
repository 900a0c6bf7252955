using System.ComponentModel.DataAnnotations;

namespace ContainerLease.Domain.Catalog;

/// <summary><c>Catalog:Images:&lt;id&gt;:WarmPool</c>: containers of the entry kept started (and healthy) for leases to claim at once.</summary>
public sealed class WarmPoolOptions
{
    /// <summary>How many ready containers to keep; 0 keeps none.</summary>
    [Range(0, 1000)]
    public int Size { get; set; }

    /// <summary>A pool member older than this is replaced, so nobody is handed a container that sat idle for long.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "7.00:00:00")]
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromHours(1);
}
