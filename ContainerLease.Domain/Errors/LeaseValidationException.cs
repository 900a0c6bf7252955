namespace ContainerLease.Domain.Errors;

/// <summary>Bad input: nothing was changed. <see cref="Field"/> names the input at fault.</summary>
public sealed class LeaseValidationException(string field, string message) : DomainException(message)
{
    /// <summary>The field for a duration, whatever unit the caller used; the API renames it to the caller's field.</summary>
    public const string DurationField = "duration";

    public string Field { get; } = field;

    public LeaseValidationException WithField(string field) => new(field, Message);
}
