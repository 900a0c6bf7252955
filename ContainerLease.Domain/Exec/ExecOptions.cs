using System.ComponentModel.DataAnnotations;

namespace ContainerLease.Domain.Exec;

/// <summary>The <c>Exec</c> section: commands run in a lease's container through the API or the hub.</summary>
public sealed class ExecOptions : IValidatableObject
{
    public const string Section = "Exec";

    /// <summary>What a request that names no timeout gets (or <see cref="MaxTimeout"/>, when that is shorter).</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The longest <c>timeoutSeconds</c> a request may ask for, and how long a streamed command may run.</summary>
    public TimeSpan MaxTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>What the API answer keeps of stdout, and separately of stderr; the rest is read and dropped, and the answer says <c>truncated</c>.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxOutputBytes { get; set; } = 1024 * 1024;

    /// <summary>Whether a lease's history keeps each command (its first 80 characters), its exit code and duration, or only who ran one.</summary>
    public bool RecordCommands { get; set; } = true;

    /// <summary>Streamed commands one user may have running on the hub of one instance; each holds an engine connection and a process.</summary>
    [Range(1, 10_000)]
    public int MaxStreamsPerUser { get; set; } = 4;

    /// <summary>The timeout a request gets when it names none.</summary>
    public TimeSpan TimeoutWhenUnsaid => DefaultTimeout <= MaxTimeout ? DefaultTimeout : MaxTimeout;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MaxTimeout < TimeSpan.FromSeconds(1) || MaxTimeout > TimeSpan.FromDays(1) || MaxTimeout.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            yield return new ValidationResult("Exec:MaxTimeout must be whole seconds, from 00:00:01 to 1.00:00:00.", [nameof(MaxTimeout)]);
        }
    }
}
