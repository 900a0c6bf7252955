using System.ComponentModel.DataAnnotations;

namespace ContainerLease.Mvc.Live;

/// <summary>The <c>Live</c> section: what one user may hold open on the hubs of one instance.</summary>
public sealed class LiveOptions
{
    public const string Section = "Live";

    /// <summary>Hub connections (all hubs together) one user may hold open; each open page holds two.</summary>
    [Range(1, 10_000)]
    public int MaxConnectionsPerUser { get; set; } = 20;
}
