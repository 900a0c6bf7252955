namespace ContainerLease.Domain.Sweeping;

/// <summary>What one sweep did. <see cref="Failed"/> counts items it could not reconcile (logged; retried next sweep).</summary>
public sealed record SweepReport(int Containers, int Adopted, int OrphansRemoved, int Expired, int Gone, int Young, int Failed, int DiskLimited = 0, int Idle = 0, int IdleWarned = 0)
{
    public static SweepReport Empty { get; } = new(0, 0, 0, 0, 0, 0, 0);
}
