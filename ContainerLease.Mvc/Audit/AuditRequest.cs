using System.Globalization;
using ContainerLease.Domain.Errors;

namespace ContainerLease.Mvc.Audit;

/// <summary>
/// The filters as a page or a script sends them (<c>?user=&amp;lease=&amp;event=&amp;from=&amp;to=&amp;cursor=</c>),
/// times as ISO 8601; a time without an offset is UTC, as the pages show every time.
/// </summary>
public sealed class AuditRequest
{
    public string? User { get; set; }

    public string? Lease { get; set; }

    public string? Event { get; set; }

    public string? From { get; set; }

    public string? To { get; set; }

    public string? Cursor { get; set; }

    /// <summary>Entries per page, 1 to <see cref="AuditLog.MaxPageSize"/>.</summary>
    public int? Limit { get; set; }

    /// <summary>The query; a malformed time, cursor or limit is a <see cref="LeaseValidationException"/> naming the field.</summary>
    public AuditQuery ToQuery()
    {
        if (Cursor is { Length: > 0 } && !AuditIds.TryParse(Cursor, out _, out _))
        {
            throw new LeaseValidationException("cursor", "The cursor is not one this log gave out; start again without it.");
        }

        if (Limit is < 1 or > AuditLog.MaxPageSize)
        {
            throw new LeaseValidationException("limit", $"The limit is from 1 to {AuditLog.MaxPageSize}.");
        }

        return new AuditQuery(Blank(User), Blank(Lease), Blank(Event), Time(From, "from"), Time(To, "to"), Blank(Cursor));
    }

    public int PageSize => Limit ?? AuditLog.DefaultPageSize;

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static DateTimeOffset? Time(string? value, string field)
    {
        if (Blank(value) is not { } text)
        {
            return null;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
            ? at
            : throw new LeaseValidationException(field, $"'{Echo.Of(text)}' is not a time; write it as ISO 8601, such as 2026-12-04T09:30:00Z.");
    }
}
