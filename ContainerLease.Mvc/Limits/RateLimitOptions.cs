using System.ComponentModel.DataAnnotations;

namespace ContainerLease.Mvc.Limits;

/// <summary>The <c>RateLimits</c> section: a token bucket per user for provisioning.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Provisions a user may make in a burst.</summary>
    [Range(1, 100_000)]
    public int ProvisionBurst { get; set; } = 10;

    /// <summary>Tokens added back each minute.</summary>
    [Range(1, 100_000)]
    public int ProvisionsPerMinute { get; set; } = 20;
}
