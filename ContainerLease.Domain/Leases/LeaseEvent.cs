namespace ContainerLease.Domain.Leases;

/// <summary>One entry of a lease's history: provisioned, adopted, extended, exec, expired, terminated, gone, reap-failed.</summary>
public sealed record LeaseEvent(DateTimeOffset At, string Kind, string? Detail)
{
    public const string Provisioned = "provisioned";
    public const string Adopted = "adopted";
    public const string Extended = "extended";
    public const string ReapFailed = "reap-failed";
    public const string Exec = "exec";
}
