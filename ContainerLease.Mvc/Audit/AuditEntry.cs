namespace ContainerLease.Mvc.Audit;

/// <summary>
/// One line of the audit log: who (<see cref="Actor"/>, a user's name or <c>system</c>) did what
/// (<see cref="Event"/>: a lease history kind such as <c>provisioned</c> or <c>exec</c>, or
/// <c>sign-in</c>, <c>sign-in-failed</c>, <c>sign-out</c>) to which lease, whose <see cref="Owner"/>.
/// <see cref="Id"/> is its place in the log, newest highest, and the cursor of a page.
/// </summary>
public sealed record AuditEntry(string Id, DateTimeOffset At, string Actor, string Event, string? LeaseId, string? Owner, string? Detail);

/// <summary>An entry about to be written; the store gives it its <see cref="AuditEntry.Id"/>.</summary>
public sealed record NewAuditEntry(DateTimeOffset At, string Actor, string Event, string? LeaseId = null, string? Owner = null, string? Detail = null)
{
    public AuditEntry WithId(string id) => new(id, At, Actor, Event, LeaseId, Owner, Detail);
}

/// <summary>Audit log events that are not a lease's.</summary>
public static class AuditEvents
{
    public const string SignIn = "sign-in";
    public const string SignInFailed = "sign-in-failed";
    public const string SignOut = "sign-out";
}
