using ContainerLease.Domain.Errors;
using ContainerLease.Domain.Leases;
using ContainerLease.Domain.Tests.Fakes;

namespace ContainerLease.Domain.Tests;

/// <summary>A user sees and acts on their own leases only, and another's lease is as unknown as a missing one; an admin sees all.</summary>
public sealed class VisibilityTests
{
    private static readonly LeaseCaller Bob = new("bob", IsAdmin: false);

    private readonly LeaseServiceHarness _h = new();

    [Fact]
    public async Task AnotherUsersLease_IsNotFound_ForGetExtendTerminateAndLogs_AndStaysUnchanged()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromHours(1));
        var before = _h.Stored(lease.Id);

        await Assert.ThrowsAsync<LeaseNotFoundException>(() => _h.Service.GetAsync(lease.Id, Bob));
        await Assert.ThrowsAsync<LeaseNotFoundException>(() => _h.Service.ExtendAsync(lease.Id, TimeSpan.FromMinutes(5), Bob));
        await Assert.ThrowsAsync<LeaseNotFoundException>(() => _h.Endings.TerminateAsync(lease.Id, Bob));
        await Assert.ThrowsAsync<LeaseNotFoundException>(() => new LeaseAccess(_h.Store, _h.Runtime).OpenAsync(lease.Id.Value, Bob));

        var after = _h.Stored(lease.Id);
        Assert.Equal((before.Version, before.Status, before.ExpiresAt), (after.Version, after.Status, after.ExpiresAt));
        Assert.DoesNotContain(lease.ContainerId, _h.Runtime.RemovedIds);
    }

    [Fact]
    public async Task TheMessage_ForAnotherUsersLease_IsTheMessageForAMissingOne()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromHours(1));

        var others = await Assert.ThrowsAsync<LeaseNotFoundException>(() => _h.Service.GetAsync(lease.Id, Bob));
        var missing = await Assert.ThrowsAsync<LeaseNotFoundException>(() => _h.Service.GetAsync(LeaseId.Parse(Swap(lease.Id.Value)), Bob));

        Assert.Equal(missing.Message.Replace(Swap(lease.Id.Value), lease.Id.Value, StringComparison.Ordinal), others.Message);
    }

    [Fact]
    public async Task Admin_SeesExtendsAndTerminatesAnyonesLease()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromHours(1));

        Assert.Equal(LeaseServiceHarness.Owner, (await _h.Service.GetAsync(lease.Id, LeaseServiceHarness.Admin)).Owner);
        await _h.Service.ExtendAsync(lease.Id, TimeSpan.FromMinutes(5), LeaseServiceHarness.Admin);
        var ended = await _h.Endings.TerminateAsync(lease.Id, LeaseServiceHarness.Admin);

        Assert.Equal(LeaseStatus.Ended, ended.Status);
        Assert.Contains(lease.ContainerId, _h.Runtime.RemovedIds);
    }

    [Fact]
    public async Task ListActive_ShowsAUserTheirOwnLeasesOnly_PagedInExpiryOrder_AndAnAdminAll()
    {
        var mine = new List<Lease>();
        for (var i = 0; i < 5; i++)
        {
            mine.Add(await _h.ProvisionAsync(TimeSpan.FromMinutes(50 - i)));
        }

        var bobs = await _h.Provisioner.ProvisionAsync(new ProvisionRequest(LeaseServiceHarness.ImageType, TimeSpan.FromMinutes(10), Bob.Name));

        var first = await _h.Service.ListActiveAsync(LeaseServiceHarness.Caller, 0, 2);
        var second = await _h.Service.ListActiveAsync(LeaseServiceHarness.Caller, 2, 2);
        var all = await _h.Service.ListActiveAsync(LeaseServiceHarness.Admin, 0, 10);
        var bobsOwn = await _h.Service.ListActiveAsync(Bob, 0, 10);

        var soonestFirst = mine.OrderBy(l => l.ExpiresAt).Select(l => l.Id).ToList();
        Assert.Equal(5, first.Total);
        Assert.Equal(soonestFirst[..2], first.Items.Select(l => l.Id));
        Assert.Equal(soonestFirst[2..4], second.Items.Select(l => l.Id));
        Assert.Equal(6, all.Total);
        Assert.Equal([bobs.Id], bobsOwn.Items.Select(l => l.Id));
    }

    [Fact]
    public async Task RecentlyEnded_ShowsAUserTheirOwnOnly()
    {
        var mine = await _h.ProvisionAsync(TimeSpan.FromHours(1));
        var bobs = await _h.Provisioner.ProvisionAsync(new ProvisionRequest(LeaseServiceHarness.ImageType, TimeSpan.FromMinutes(10), Bob.Name));
        await _h.Endings.TerminateAsync(mine.Id, LeaseServiceHarness.Caller);
        await _h.Endings.TerminateAsync(bobs.Id, Bob);

        Assert.Equal([bobs.Id], (await _h.Service.ListRecentlyEndedAsync(Bob, 10)).Select(l => l.Id));
        Assert.Equal([mine.Id], (await _h.Service.ListRecentlyEndedAsync(LeaseServiceHarness.Caller, 10)).Select(l => l.Id));
        Assert.Equal(2, (await _h.Service.ListRecentlyEndedAsync(LeaseServiceHarness.Admin, 10)).Count);
    }

    /// <summary>Another well-formed id of the same length.</summary>
    private static string Swap(string id) => id[^1] == '0' ? id[..^1] + "1" : id[..^1] + "0";
}
