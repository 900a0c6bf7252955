using ContainerLease.Domain.Ports;

namespace ContainerLease.Domain.Leases;

/// <summary>
/// Whether a container is a warm pool member, claimed or not, read from what it carries. A member
/// is made with the pool label (<see cref="LeaseLabels.Pool"/>, naming its catalog entry) and a
/// pool name (<see cref="LeaseName.PoolMember"/>). Labels cannot change, so the lease that claims
/// a member renames it (<see cref="LeaseName.For(Lease)"/>): from then on its name says whose it is.
/// </summary>
public static class PoolMembership
{
    /// <summary>The catalog entry the member was made for; null for a container made for a lease.</summary>
    public static string? EntryOf(ManagedContainer container) => container.Labels.GetValueOrDefault(LeaseLabels.Pool);

    /// <summary>Made for the pool, claimed or not. A claimed member's lease, expiry and owner are in its name only (<see cref="LeaseName.TryRead"/>).</summary>
    public static bool IsMember(ManagedContainer container) => EntryOf(container) is not null;

    /// <summary>A member no lease has claimed yet: the pool's to offer or retire, no lease's.</summary>
    public static bool IsUnclaimed(ManagedContainer container) => IsMember(container) && LeaseName.IsPoolMember(container.Name);
}
