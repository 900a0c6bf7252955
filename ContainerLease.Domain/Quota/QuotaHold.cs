using ContainerLease.Domain.Leases;

namespace ContainerLease.Domain.Quota;

/// <summary>
/// A place held in one owner's quota for a lease being provisioned: it counts like an active
/// lease until the lease's record is stored and the hold released, or until <see cref="Until"/>
/// passes (an app that died mid-provision cannot hold a place for ever).
/// </summary>
public sealed record QuotaHold(LeaseId LeaseId, string Owner, int MemoryMb, DateTimeOffset Until);
