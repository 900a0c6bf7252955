using System.ComponentModel.DataAnnotations;

namespace ContainerLease.Mvc.Api.Contracts;

/// <summary><c>POST /api/leases/{id}/extend</c>: how much longer, in exactly one unit.</summary>
public sealed class ExtendBody : IValidatableObject
{
    public int? DurationMinutes { get; set; }

    public int? DurationSeconds { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        DurationBody.Check(DurationMinutes, DurationSeconds);
}
