using ContainerLease.Domain.Leases;
using ContainerLease.Domain.Pool;
using ContainerLease.Domain.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;

namespace ContainerLease.Domain.Tests;

public sealed class WarmPoolTests
{
    private readonly LeaseServiceHarness _h = new();
    private readonly WarmPools _pools;

    public WarmPoolTests()
    {
        _h.Image.WarmPool.Size = 2;
        _pools = new WarmPools(_h.Catalog, _h.Options, _h.Runtime, _h.Pool, _h.Time, NullLogger<WarmPools>.Instance);
    }

    private const string ImageType = LeaseServiceHarness.ImageType;

    [Fact]
    public async Task ARefill_MakesTheEntrysSize_OfMembersOfNoLease_AndASecondChangesNothing()
    {
        var report = await _pools.RefillAsync();

        Assert.Equal((2, 0, 0), (report.Added, report.Retired, report.Failed));
        Assert.Equal(2, report.Ready[ImageType]);
        Assert.All(_h.Runtime.Started, spec =>
        {
            Assert.True(LeaseName.IsPoolMember(spec.Name));
            Assert.Equal(ImageType, spec.Labels[LeaseLabels.Pool]);
            Assert.False(spec.Labels.ContainsKey(LeaseLabels.LeaseId));
            Assert.False(spec.Labels.ContainsKey(LeaseLabels.Owner));
        });
        Assert.Equal(2, (await _h.Pool.ReadyAsync(ImageType)).Count);

        var again = await _pools.RefillAsync();
        Assert.Equal((0, 0, 0), (again.Added, again.Retired, again.Failed));
        Assert.Equal(2, _h.Runtime.Started.Count);
    }

    [Fact]
    public async Task AProvision_ClaimsAReadyMember_RenamedForItsLease_AndFallsBackWhenThePoolIsEmpty()
    {
        await _pools.RefillAsync();
        var members = _h.Runtime.StartedIds.ToList();

        var first = await _h.ProvisionAsync(TimeSpan.FromHours(1));
        var second = await _h.ProvisionAsync(TimeSpan.FromHours(1));
        var third = await _h.ProvisionAsync(TimeSpan.FromHours(1));

        Assert.True(first.FromPool && second.FromPool);
        Assert.Equal(members, [first.ContainerId, second.ContainerId]);
        Assert.Contains((first.ContainerId, LeaseName.For(first)), _h.Runtime.Renames);
        Assert.EndsWith("from the warm pool", first.History[0].Detail, StringComparison.Ordinal);
        Assert.Equal(_h.Runtime.ImageDigest, first.ImageDigest);
        Assert.Contains($"image {_h.Runtime.ImageDigest}", first.History[0].Detail, StringComparison.Ordinal);
        Assert.False(third.FromPool);
        Assert.Equal(3, _h.Runtime.Started.Count); // two members, then one made for the third
        Assert.Equal(3, _h.Pool.RefillRequests);
    }

    [Fact]
    public async Task AMemberThatVanished_IsSkippedForTheNext()
    {
        await _pools.RefillAsync();
        await _h.Runtime.RemoveAsync(_h.Runtime.StartedIds[0]);

        var lease = await _h.ProvisionAsync(TimeSpan.FromHours(1));

        Assert.Equal(_h.Runtime.StartedIds[1], lease.ContainerId);
        Assert.True(lease.FromPool);
        Assert.Single((await _h.Store.ListActiveAsync(0, 10)).Items);
    }

    [Fact]
    public async Task TheSweep_LeavesMembersAlone_AndAfterTheStoreLosesEverything_AdoptsAClaimedOne_WithItsOwnerAndExpiry()
    {
        await _pools.RefillAsync();
        _h.Time.Advance(TimeSpan.FromMinutes(1));
        var lease = await _h.ProvisionAsync(TimeSpan.FromHours(1));
        var extended = await _h.Service.ExtendAsync(lease.Id, TimeSpan.FromMinutes(30), LeaseServiceHarness.Caller);

        var quiet = await _h.SweepAsync();
        Assert.Equal((0, 0), (quiet.OrphansRemoved, quiet.Adopted));

        await _h.Store.DeleteAsync(lease.Id);
        var report = await _h.SweepAsync();

        Assert.Equal((1, 0), (report.Adopted, report.OrphansRemoved));
        var adopted = _h.Stored(lease.Id);
        Assert.Equal((LeaseServiceHarness.Owner, extended.ExpiresAt, true), (adopted.Owner, adopted.ExpiresAt, adopted.FromPool));
        Assert.DoesNotContain(_h.Runtime.Removals, r => r.ContainerId == lease.ContainerId);
    }

    [Fact]
    public async Task MembersPastTheirMaxAge_AreReplaced_AndAnEntryWithoutAPool_LosesItsMembers()
    {
        _h.Image.WarmPool.MaxAge = TimeSpan.FromMinutes(10);
        await _pools.RefillAsync();
        var old = _h.Runtime.StartedIds.ToList();

        _h.Time.Advance(TimeSpan.FromMinutes(11));
        var replaced = await _pools.RefillAsync();
        Assert.Equal((2, 2), (replaced.Retired, replaced.Added));
        Assert.Equal(old, _h.Runtime.Removals.Select(r => r.ContainerId));

        _h.Image.WarmPool.Size = 0;
        var emptied = await _pools.RefillAsync();
        Assert.Equal((2, 0), (emptied.Retired, emptied.Added));
        Assert.Empty(await _h.Pool.ReadyAsync(ImageType));
    }

    [Fact]
    public async Task AMemberALeaseTook_IsNeverRetiredUnderIt()
    {
        _h.Image.WarmPool.Size = 1;
        await _pools.RefillAsync();
        var member = _h.Runtime.StartedIds[0];
        Assert.Equal(member, await _h.Pool.TakeAsync(ImageType)); // taken, its rename not yet done

        _h.Image.WarmPool.Size = 0;
        await _pools.RefillAsync();

        Assert.DoesNotContain(_h.Runtime.Removals, r => r.ContainerId == member);
    }
}
