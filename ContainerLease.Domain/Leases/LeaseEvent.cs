namespace ContainerLease.Domain.Leases;

/// <summary>
/// One entry of a lease's history: provisioned, adopted, extended, expiring, idle-warning, exec, expired, terminated,
/// gone, reap-failed, paused, resumed, terminal sessions. <see cref="By"/> is the user who did it;
/// null for what the app did by itself (an expiry, a sweep, a warning).
/// </summary>
public sealed record LeaseEvent(DateTimeOffset At, string Kind, string? Detail, string? By = null)
{
    /// <summary>Who did it, as webhooks and the audit log name them: a user's name, or <c>system</c>.</summary>
    public string Actor => By ?? System;

    public const string System = "system";

    public const string Provisioned = "provisioned";

    /// <summary>The container of a lease that waited for its image pull started, and with it the lease's clock.</summary>
    public const string Started = "started";
    public const string Adopted = "adopted";
    public const string Extended = "extended";
    public const string Expiring = "expiring";
    public const string IdleWarning = "idle-warning";
    public const string ReapFailed = "reap-failed";
    public const string Exec = "exec";
    public const string Paused = "paused";
    public const string Resumed = "resumed";

    /// <summary>Every link to the lease's ports made so far stopped working; the lease and its container go on.</summary>
    public const string LinksRevoked = "links-revoked";
    public const string TerminalOpened = "terminal-opened";
    public const string TerminalClosed = "terminal-closed";
}
