using System.ComponentModel.DataAnnotations;

namespace ContainerLease.Mvc.Api.Contracts;

/// <summary><c>POST /api/provision</c>: an image id from the catalog and exactly one of the two durations.</summary>
public sealed class ProvisionBody : IValidatableObject
{
    [Required(ErrorMessage = "Choose an image from the catalog.")]
    public string? ImageType { get; set; }

    public int? DurationMinutes { get; set; }

    public int? DurationSeconds { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        DurationBody.Check(DurationMinutes, DurationSeconds);
}
