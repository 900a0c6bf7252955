using System.ComponentModel.DataAnnotations;

namespace ContainerLease.Domain.Logs;

/// <summary>The <c>Logs</c> section.</summary>
public sealed class LogOptions : IValidatableObject
{
    public const string Section = "Logs";

    /// <summary>
    /// A running container's follow that has given nothing for this long is opened again from the
    /// last line sent: the engine's follow can stop for good at a log rotation (moby#23913), and a
    /// viewer must never need a reload. For a container that is merely quiet it costs one engine request.
    /// </summary>
    public TimeSpan StallTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The longest line a viewer gets, in bytes. The engine keeps a longer line in 16 KB pieces,
    /// which are joined up to this; the rest is dropped and the line ends with a marker saying so.
    /// </summary>
    [Range(1024, 16 * 1024 * 1024)]
    public int MaxLineBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// Log streams one user may hold open in one instance, over all their connections; each holds
    /// a request to the Docker engine, so the next is refused with a message that says so.
    /// </summary>
    [Range(1, 10_000)]
    public int MaxStreamsPerUser { get; set; } = 10;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (StallTimeout < TimeSpan.FromSeconds(1))
        {
            yield return new ValidationResult("Logs:StallTimeout must be at least 00:00:01.", [nameof(StallTimeout)]);
        }
    }
}
