using System.Globalization;
using System.Text.RegularExpressions;

namespace ContainerLease.Domain.Logs;

/// <summary>
/// Where a reader left off: the timestamp of the last line it saw, and how many lines with exactly
/// that timestamp it saw. The engine resumes from the timestamp inclusively, so those lines are
/// skipped once, and a line sharing the timestamp that the reader had not seen yet is still delivered.
/// </summary>
public sealed partial record LogPosition(string Timestamp, int SeenAtTimestamp)
{
    /// <summary>Whether a reader's <c>since</c> has the shape of a line's timestamp: RFC 3339 in UTC, up to nine fractional digits.</summary>
    public static bool IsTimestamp(string text) =>
        TimestampShape().IsMatch(text) &&
        DateTimeOffset.TryParseExact(text[..19], "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _);

    /// <summary>
    /// The timestamp with all nine fractional digits, so that two compare in time order as text.
    /// The engine drops trailing zeros (<c>…:02.1Z</c> is <c>…:02.100000000Z</c>).
    /// </summary>
    public static string Sortable(string timestamp)
    {
        var dot = timestamp.IndexOf('.', StringComparison.Ordinal);
        var fraction = dot < 0 ? string.Empty : timestamp[(dot + 1)..^1];
        return (dot < 0 ? timestamp[..^1] : timestamp[..dot]) + "." + fraction.PadRight(9, '0') + "Z";
    }

    [GeneratedRegex("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?Z\\z", RegexOptions.CultureInvariant)]
    private static partial Regex TimestampShape();
}
