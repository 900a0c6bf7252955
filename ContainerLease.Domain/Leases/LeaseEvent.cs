namespace ContainerLease.Domain.Leases;

/// <summary>One entry of a lease's history: provisioned, adopted, extended, exec, expired, terminated, gone, reap-failed, paused, resumed, terminal sessions.</summary>
public sealed record LeaseEvent(DateTimeOffset At, string Kind, string? Detail)
{
    public const string Provisioned = "provisioned";
    public const string Adopted = "adopted";
    public const string Extended = "extended";
    public const string ReapFailed = "reap-failed";
    public const string Exec = "exec";
    public const string Paused = "paused";
    public const string Resumed = "resumed";
    public const string TerminalOpened = "terminal-opened";
    public const string TerminalClosed = "terminal-closed";
}
