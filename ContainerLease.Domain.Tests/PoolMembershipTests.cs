using ContainerLease.Domain.Leases;
using ContainerLease.Domain.Ports;

namespace ContainerLease.Domain.Tests;

public sealed class PoolMembershipTests
{
    private static readonly DateTimeOffset Created = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void AFreshMember_IsAnUnclaimedMemberOfItsEntry()
    {
        var member = new ManagedContainer("c1", LeaseLabels.ForPoolMember("sleeper", "ci"), Created, Name: "/" + LeaseName.PoolMember("sleeper"));

        Assert.True(PoolMembership.IsMember(member));
        Assert.True(PoolMembership.IsUnclaimed(member));
        Assert.Equal("sleeper", PoolMembership.EntryOf(member));
    }

    [Fact]
    public void AClaimedMember_IsAMemberNoLongerUnclaimed_WhoseNameSaysWhose()
    {
        var id = LeaseId.New();
        var claimed = new ManagedContainer("c1", LeaseLabels.ForPoolMember("sleeper", "ci"), Created, Name: LeaseName.For(id, Created.AddMinutes(5), "alice"));

        Assert.True(PoolMembership.IsMember(claimed));
        Assert.False(PoolMembership.IsUnclaimed(claimed));
        Assert.True(LeaseName.TryRead(claimed.Name, out var named, out _, out var owner));
        Assert.Equal((id, "alice"), (named, owner));
    }

    [Fact]
    public void AContainerMadeForALease_IsNoMember()
    {
        var lease = new Lease { Id = LeaseId.New(), ContainerId = "c1", ImageType = "sleeper", Owner = "alice", CreatedAt = Created, ExpiresAt = Created.AddMinutes(5) };
        var container = new ManagedContainer("c1", LeaseLabels.For(lease, "ci"), Created, Name: LeaseName.For(lease));

        Assert.False(PoolMembership.IsMember(container));
        Assert.False(PoolMembership.IsUnclaimed(container));
        Assert.Null(PoolMembership.EntryOf(container));
    }
}
