using System.ComponentModel.DataAnnotations;

namespace ContainerLease.Domain.Policy;

/// <summary>The <c>Leases</c> section.</summary>
public sealed class LeaseOptions : IValidatableObject
{
    public const string Section = "Leases";

    public TimeSpan MinimumDuration { get; set; } = TimeSpan.FromMinutes(1);

    public TimeSpan MaximumDuration { get; set; } = TimeSpan.FromHours(4);

    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Labels every container, so two installations on one engine never reap each other's.</summary>
    [Required(AllowEmptyStrings = false), RegularExpression("^[a-z0-9][a-z0-9_.-]{0,62}$",
        ErrorMessage = "Leases:InstallationId is lowercase letters, digits, '.', '_' and '-' (at most 63).")]
    public string InstallationId { get; set; } = "default";

    /// <summary>Active leases one owner may hold at once.</summary>
    [Range(1, 100_000)]
    public int MaxActivePerUser { get; set; } = 5;

    /// <summary>Memory (the catalog's MemoryMb) one owner's active leases may hold together.</summary>
    [Range(1, 10_000_000)]
    public int MaxMemoryMbPerUser { get; set; } = 2048;

    /// <summary>
    /// The longest a provision may take, a pull included: past it the provision is undone and
    /// refused. A provision holds its place in the owner's quota this long at most.
    /// </summary>
    public TimeSpan ProvisionTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How long an instance may answer the port proxy's per-request lease read from memory (see
    /// <see cref="Ports.ILeaseStore.GetRecentAsync"/>). Every change to a lease is announced to all
    /// instances and drops it at once; this bounds only what a lost announcement could cost. Zero
    /// reads Redis on every request.
    /// </summary>
    public TimeSpan ReadCacheTime { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long an ended lease stays readable before Redis drops its record.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// How long before a lease's expiry its owner is warned (the page's banner, the webhooks):
    /// <c>Leases:WarnBefore:0</c>, <c>:1</c>, ... Unset, <see cref="DefaultWarnBefore"/>; a single
    /// <c>00:00:00</c> turns warnings off.
    /// </summary>
    public IList<TimeSpan>? WarnBefore { get; set; }

    public static readonly IReadOnlyList<TimeSpan> DefaultWarnBefore = [TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(1)];

    /// <summary>The warnings in force, longest lead first, zeros left out.</summary>
    public IReadOnlyList<TimeSpan> Warnings => [.. ((IEnumerable<TimeSpan>?)WarnBefore ?? DefaultWarnBefore).Where(w => w > TimeSpan.Zero).Distinct().OrderDescending()];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MinimumDuration < TimeSpan.FromSeconds(1))
        {
            yield return new ValidationResult("Leases:MinimumDuration must be at least 00:00:01.", [nameof(MinimumDuration)]);
        }

        if (MaximumDuration < MinimumDuration)
        {
            yield return new ValidationResult("Leases:MaximumDuration must not be less than Leases:MinimumDuration.", [nameof(MaximumDuration)]);
        }

        if (SweepInterval < TimeSpan.FromSeconds(1))
        {
            yield return new ValidationResult("Leases:SweepInterval must be at least 00:00:01.", [nameof(SweepInterval)]);
        }

        if (ProvisionTimeout < TimeSpan.FromSeconds(1))
        {
            yield return new ValidationResult("Leases:ProvisionTimeout must be at least 00:00:01.", [nameof(ProvisionTimeout)]);
        }

        if (WarnBefore is { } warnBefore && warnBefore.Any(w => w < TimeSpan.Zero || w > MaximumDuration))
        {
            yield return new ValidationResult("Leases:WarnBefore holds lead times from 00:00:00 (none) up to Leases:MaximumDuration.", [nameof(WarnBefore)]);
        }

        if (ReadCacheTime < TimeSpan.Zero || ReadCacheTime > TimeSpan.FromHours(1))
        {
            yield return new ValidationResult("Leases:ReadCacheTime must be between 00:00:00 and 01:00:00.", [nameof(ReadCacheTime)]);
        }

        if (Retention < TimeSpan.FromSeconds(1))
        {
            yield return new ValidationResult("Leases:Retention must be at least 00:00:01.", [nameof(Retention)]);
        }
    }
}
