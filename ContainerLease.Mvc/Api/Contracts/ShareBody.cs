using System.ComponentModel.DataAnnotations;

namespace ContainerLease.Mvc.Api.Contracts;

/// <summary><c>POST /api/leases/{id}/ports/{port}/share</c>: how long the link lasts, in at most one unit; none lasts as long as the lease.</summary>
public sealed class ShareBody : IValidatableObject
{
    [Range(1, int.MaxValue)]
    public int? DurationMinutes { get; set; }

    [Range(1, int.MaxValue)]
    public int? DurationSeconds { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        DurationMinutes is not null && DurationSeconds is not null
            ? DurationBody.Check(DurationMinutes, DurationSeconds)
            : [];

    public TimeSpan? Lifetime => DurationMinutes is null && DurationSeconds is null ? null : DurationBody.Duration(DurationMinutes, DurationSeconds);
}
