namespace ContainerLease.Mvc.Audit;

/// <summary>Where the audit log lives: a Redis stream, or this process. Append-only; trimmed by age as it grows.</summary>
public interface IAuditStore
{
    Task<AuditEntry> AppendAsync(NewAuditEntry entry, DateTimeOffset keepFrom, CancellationToken ct = default);

    /// <summary>Up to <paramref name="count"/> entries newest first, older than <paramref name="before"/> (an id) when given, within <paramref name="since"/> and <paramref name="until"/> (inclusive).</summary>
    Task<IReadOnlyList<AuditEntry>> ReadBackwardsAsync(string? before, DateTimeOffset? since, DateTimeOffset? until, int count, CancellationToken ct = default);
}

/// <summary>Audit ids are Redis stream ids, <c>&lt;unix ms&gt;-&lt;sequence&gt;</c>, in both stores.</summary>
public static class AuditIds
{
    public static bool TryParse(string? id, out long ms, out long sequence)
    {
        ms = sequence = 0;
        var parts = id?.Split('-');
        return parts is { Length: 2 }
            && long.TryParse(parts[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out ms)
            && long.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out sequence);
    }

    /// <summary>The id's milliseconds and sequence; (0, 0), older than any entry, for what is not an id.</summary>
    public static (long Ms, long Sequence) PartsOf(string? id) => TryParse(id, out var ms, out var sequence) ? (ms, sequence) : (0, 0);

    public static string Of(long ms, long sequence) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{ms}-{sequence}");
}
