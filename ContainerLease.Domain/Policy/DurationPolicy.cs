using ContainerLease.Domain.Errors;

namespace ContainerLease.Domain.Policy;

/// <summary>How long a lease may run: between the minimum and the maximum, counted from creation.</summary>
public sealed class DurationPolicy(LeaseOptions options)
{
    public TimeSpan Minimum => options.MinimumDuration;

    public TimeSpan Maximum => options.MaximumDuration;

    public void EnsureAllowed(TimeSpan duration)
    {
        if (duration < Minimum || duration > Maximum)
        {
            throw new LeaseValidationException(
                LeaseValidationException.DurationField,
                $"The duration must be between {Describe(Minimum)} and {Describe(Maximum)}; {Describe(duration)} was asked for.");
        }
    }

    /// <summary>An extension may not carry the lease past the maximum duration counted from its creation.</summary>
    public DateTimeOffset ExtendedExpiry(DateTimeOffset createdAt, DateTimeOffset expiresAt, TimeSpan extension)
    {
        if (extension <= TimeSpan.Zero)
        {
            throw new LeaseValidationException(LeaseValidationException.DurationField, "An extension must be longer than zero.");
        }

        var latest = createdAt + Maximum;
        var extended = expiresAt + extension;
        if (extension > Maximum || extended > latest)
        {
            throw new LeaseValidationException(
                LeaseValidationException.DurationField,
                $"A lease lasts at most {Describe(Maximum)} from its creation; this one can be extended by {Describe(latest > expiresAt ? latest - expiresAt : TimeSpan.Zero)} at most.");
        }

        return extended;
    }

    /// <summary>A span in words; a negative one says so ("minus 5 seconds"), so a refusal repeats what was asked for.</summary>
    public static string Describe(TimeSpan span)
    {
        if (span < TimeSpan.Zero)
        {
            return "minus " + Describe(span.Duration());
        }

        var parts = new List<string>();
        if (span.Days > 0)
        {
            parts.Add(Plural(span.Days, "day"));
        }

        if (span.Hours > 0)
        {
            parts.Add(Plural(span.Hours, "hour"));
        }

        if (span.Minutes > 0)
        {
            parts.Add(Plural(span.Minutes, "minute"));
        }

        if (span.Seconds > 0 || parts.Count == 0)
        {
            parts.Add(Plural(span.Seconds, "second"));
        }

        return string.Join(' ', parts);
    }

    private static string Plural(int count, string unit) => count == 1 ? $"1 {unit}" : $"{count} {unit}s";
}
