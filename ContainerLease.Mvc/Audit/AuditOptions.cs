using System.ComponentModel.DataAnnotations;

namespace ContainerLease.Mvc.Audit;

/// <summary>The <c>Audit</c> section.</summary>
public sealed class AuditOptions : IValidatableObject
{
    public const string Section = "Audit";

    /// <summary>How long an entry stays in the audit log; older ones are trimmed as new ones are written.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(30);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Retention < TimeSpan.FromSeconds(1))
        {
            yield return new ValidationResult("Audit:Retention must be at least 00:00:01.", [nameof(Retention)]);
        }
    }
}
