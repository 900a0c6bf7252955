using System.ComponentModel.DataAnnotations;

namespace ContainerLease.Mvc.Limits;

/// <summary>The <c>RateLimits</c> section: a token bucket per user for provisioning, and a cap on sign-in attempts per address.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Provisions a user may make in a burst.</summary>
    [Range(1, 100_000)]
    public int ProvisionBurst { get; set; } = 10;

    /// <summary>Tokens added back each minute.</summary>
    [Range(1, 100_000)]
    public int ProvisionsPerMinute { get; set; } = 20;

    /// <summary>Sign-in attempts one network address may make per minute, against password guessing.</summary>
    [Range(1, 100_000)]
    public int SignInsPerMinute { get; set; } = 10;
}
