using System.ComponentModel.DataAnnotations;

namespace ContainerLease.Mvc.Terminal;

/// <summary>The <c>Terminal</c> section: the browser's shells on leased containers.</summary>
public sealed class TerminalOptions : IValidatableObject
{
    public const string Section = "Terminal";

    /// <summary>A session with no input and no output for this long is closed, and its shell ended.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Terminals open at once on one lease (each is its own shell), in this instance.</summary>
    [Range(1, 100)]
    public int MaxSessionsPerLease { get; set; } = 4;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (IdleTimeout < TimeSpan.FromSeconds(1))
        {
            yield return new ValidationResult("Terminal:IdleTimeout must be at least 1 second.", [nameof(IdleTimeout)]);
        }
    }
}
