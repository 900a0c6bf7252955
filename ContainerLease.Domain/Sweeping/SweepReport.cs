namespace ContainerLease.Domain.Sweeping;

/// <summary>What one sweep did. <see cref="Failed"/> counts items it could not reconcile (logged; retried next sweep); <see cref="Renamed"/> containers whose name had fallen behind their lease; <see cref="Idle"/> leases it ended idle and <see cref="IdleWarned"/> those it warned; <see cref="PullsAbandoned"/> leases whose pull outlasted the provision timeout.</summary>
public sealed record SweepReport(int Containers, int Adopted, int OrphansRemoved, int Expired, int Gone, int Young, int Failed, int DiskLimited = 0, int Renamed = 0, int Idle = 0, int IdleWarned = 0, int PullsAbandoned = 0)
{
    public static SweepReport Empty { get; } = new(0, 0, 0, 0, 0, 0, 0);
}
