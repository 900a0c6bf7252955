namespace ContainerLease.Mvc.Audit;

/// <summary>
/// A filtered page of the audit log, newest first. <see cref="User"/> matches who did it or whose
/// lease it was; <see cref="Lease"/> and <see cref="Event"/> match exactly; <see cref="From"/> and
/// <see cref="To"/> bound the time (inclusive); <see cref="Cursor"/> is the last id of the previous page.
/// </summary>
public sealed record AuditQuery(string? User = null, string? Lease = null, string? Event = null, DateTimeOffset? From = null, DateTimeOffset? To = null, string? Cursor = null)
{
    public bool Matches(AuditEntry entry) =>
        (string.IsNullOrEmpty(User) || string.Equals(entry.Actor, User, StringComparison.Ordinal) || string.Equals(entry.Owner, User, StringComparison.Ordinal))
        && (string.IsNullOrEmpty(Lease) || string.Equals(entry.LeaseId, Lease, StringComparison.OrdinalIgnoreCase))
        && (string.IsNullOrEmpty(Event) || string.Equals(entry.Event, Event, StringComparison.Ordinal));

    /// <summary>The same filters without a cursor: the first page.</summary>
    public AuditQuery FirstPage => this with { Cursor = null };
}

/// <summary>
/// One page: <see cref="NextCursor"/> is null once the log has nothing older that could match. A page
/// may hold fewer entries than asked and still have a cursor, when the filters matched little of
/// the entries read for it (each request reads a bounded number).
/// </summary>
public sealed record AuditPage(IReadOnlyList<AuditEntry> Items, string? NextCursor);
