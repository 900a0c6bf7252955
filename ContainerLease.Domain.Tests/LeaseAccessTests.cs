using ContainerLease.Domain.Errors;
using ContainerLease.Domain.Leases;
using ContainerLease.Domain.Tests.Fakes;

namespace ContainerLease.Domain.Tests;

public sealed class LeaseAccessTests
{
    private readonly LeaseServiceHarness _h = new();

    private LeaseAccess Access => new(_h.Store, _h.Runtime);

    [Fact]
    public async Task OpenAsync_RefusesUnknownEndedAndUnmanaged()
    {
        await Assert.ThrowsAsync<LeaseNotFoundException>(() => Access.OpenAsync("not-a-lease", LeaseServiceHarness.Caller));
        await Assert.ThrowsAsync<LeaseNotFoundException>(() => Access.OpenAsync(LeaseId.New().Value, LeaseServiceHarness.Caller));

        var lease = await _h.ProvisionAsync(TimeSpan.FromHours(1));
        Assert.Equal(lease.Id, (await Access.OpenAsync(lease.Id.Value, LeaseServiceHarness.Caller)).Id);

        _h.Runtime.Vanish(lease.ContainerId);
        await Assert.ThrowsAsync<LeaseConflictException>(() => Access.OpenAsync(lease.Id.Value, LeaseServiceHarness.Caller));

        var ended = await _h.ProvisionAsync(TimeSpan.FromHours(1));
        await _h.Endings.TerminateAsync(ended.Id, LeaseServiceHarness.Caller);
        var error = await Assert.ThrowsAsync<LeaseConflictException>(() => Access.OpenAsync(ended.Id.Value, LeaseServiceHarness.Caller));
        Assert.Contains("ended", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAsync_OpensAnyLeaseForAnAdmin_AndAnotherUsersLeaseAsAMissingOne()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromHours(1));

        Assert.Equal(lease.Id, (await Access.OpenAsync(lease.Id.Value, LeaseServiceHarness.Admin)).Id);
        var other = await Assert.ThrowsAsync<LeaseNotFoundException>(() => Access.OpenAsync(lease.Id.Value, new LeaseCaller("bob", IsAdmin: false)));
        Assert.Equal(new LeaseNotFoundException(lease.Id.Value).Message, other.Message); // word for word what a missing lease answers
    }
}
