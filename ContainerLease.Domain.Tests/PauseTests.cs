using ContainerLease.Domain.Errors;
using ContainerLease.Domain.Leases;
using ContainerLease.Domain.Tests.Fakes;

namespace ContainerLease.Domain.Tests;

public sealed class PauseTests
{
    private readonly LeaseServiceHarness _h = new();
    private readonly FakeContainerPause _engine;
    private readonly LeasePauses _pauses;

    public PauseTests()
    {
        _engine = new FakeContainerPause(_h.Runtime);
        _pauses = new LeasePauses(_h.Store, _engine, _h.Events, _h.Time);
    }

    [Fact]
    public async Task Pause_FreezesTheContainer_KeepsTheDeadline_AndSaysWhoInTheHistory()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromHours(1));
        _h.Time.Advance(TimeSpan.FromMinutes(5));

        var paused = await _pauses.PauseAsync(lease.Id, LeaseServiceHarness.Caller);

        Assert.Contains(lease.ContainerId, _engine.Paused);
        Assert.True(paused.IsPaused);
        Assert.Equal("paused", paused.StatusName);
        Assert.Equal(LeaseServiceHarness.Start.AddMinutes(5), paused.PausedAt);
        Assert.Equal(lease.ExpiresAt, paused.ExpiresAt);
        Assert.Equal(lease.ExpiresAt - _h.Time.GetUtcNow(), paused.RemainingAt(_h.Time.GetUtcNow()));
        var entry = paused.History[^1];
        Assert.Equal(("paused", "by alice"), (entry.Kind, entry.Detail));
        Assert.True((await _h.Store.GetAsync(lease.Id))!.IsPaused);
    }

    [Fact]
    public async Task Resume_ThawsIt_AndBothRefuseTheStateTheLeaseIsAlreadyIn()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromHours(1));
        var notPaused = await Assert.ThrowsAsync<LeaseConflictException>(() => _pauses.ResumeAsync(lease.Id, LeaseServiceHarness.Caller));
        Assert.Equal($"Lease {lease.Id} is not paused.", notPaused.Message);

        await _pauses.PauseAsync(lease.Id, LeaseServiceHarness.Caller);
        var calls = _engine.Calls;
        var already = await Assert.ThrowsAsync<LeaseConflictException>(() => _pauses.PauseAsync(lease.Id, LeaseServiceHarness.Caller));
        Assert.Equal($"Lease {lease.Id} is already paused.", already.Message);
        Assert.Equal(calls, _engine.Calls);

        var resumed = await _pauses.ResumeAsync(lease.Id, LeaseServiceHarness.Admin);
        Assert.False(resumed.IsPaused);
        Assert.Equal("active", resumed.StatusName);
        Assert.DoesNotContain(lease.ContainerId, _engine.Paused);
        Assert.Equal(("resumed", "by root"), (resumed.History[^1].Kind, resumed.History[^1].Detail));
    }

    [Fact]
    public async Task AnEndedLease_AnotherUsersLease_AndAVanishedContainer_AreRefused_AndChangeNothing()
    {
        var ended = await _h.ProvisionAsync(TimeSpan.FromHours(1));
        await _h.Endings.TerminateAsync(ended.Id, LeaseServiceHarness.Caller);
        var error = await Assert.ThrowsAsync<LeaseConflictException>(() => _pauses.PauseAsync(ended.Id, LeaseServiceHarness.Caller));
        Assert.Equal($"Lease {ended.Id} has ended; there is nothing to pause.", error.Message);

        var lease = await _h.ProvisionAsync(TimeSpan.FromHours(1));
        await Assert.ThrowsAsync<LeaseNotFoundException>(() => _pauses.PauseAsync(lease.Id, new LeaseCaller("bob", IsAdmin: false)));

        _h.Runtime.Vanish(lease.ContainerId);
        await Assert.ThrowsAsync<LeaseConflictException>(() => _pauses.PauseAsync(lease.Id, LeaseServiceHarness.Caller));
        Assert.False((await _h.Store.GetAsync(lease.Id))!.IsPaused);
    }

    [Fact]
    public async Task APausedLease_CanBeWatchedButNotActedOn()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromHours(1));
        await _pauses.PauseAsync(lease.Id, LeaseServiceHarness.Caller);
        var access = new LeaseAccess(_h.Store, _h.Runtime);

        var error = await Assert.ThrowsAsync<LeaseConflictException>(() => access.OpenAsync(lease.Id.Value, LeaseServiceHarness.Caller));
        Assert.Equal($"Lease {lease.Id} is paused; resume it first.", error.Message);
        Assert.Equal(lease.Id, (await access.OpenAsync(lease.Id.Value, LeaseServiceHarness.Caller, whilePaused: true)).Id);
    }

    [Fact]
    public async Task APausedLease_ExpiresAtItsDeadlineLikeAnyOther()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromMinutes(10));
        await _pauses.PauseAsync(lease.Id, LeaseServiceHarness.Caller);
        _h.Time.Advance(TimeSpan.FromMinutes(10));

        await _h.Endings.ExpireAsync(lease.Id, lease.ExpiresAt);

        var ended = await _h.Store.GetAsync(lease.Id);
        Assert.Equal(LeaseStatus.Ended, ended!.Status);
        Assert.Equal("expired", ended.StatusName);
        Assert.False(ended.IsPaused);
        Assert.False(await _h.Runtime.IsManagedAsync(lease.ContainerId));
    }
}
