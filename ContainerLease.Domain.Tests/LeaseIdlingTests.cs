using ContainerLease.Domain.Leases;
using ContainerLease.Domain.Tests.Fakes;

namespace ContainerLease.Domain.Tests;

/// <summary>The idle policy as the sweep applies it: warnings once per idle deadline, then the end, activity moving both.</summary>
public sealed class LeaseIdlingTests
{
    private readonly LeaseServiceHarness _h = new();

    public LeaseIdlingTests() => _h.Image.IdleTimeout = TimeSpan.FromMinutes(30);

    [Fact]
    public async Task CheckAsync_WarnsOncePerLead_ThenEndsTheLeaseIdle_RemovingItsContainer()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromHours(2));

        _h.Time.Advance(TimeSpan.FromMinutes(24));
        Assert.Equal(IdleOutcome.InUse, await _h.Idling.CheckAsync(_h.Stored(lease.Id)));
        _h.Time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(IdleOutcome.Warned, await _h.Idling.CheckAsync(_h.Stored(lease.Id)));
        Assert.Equal(IdleOutcome.InUse, await _h.Idling.CheckAsync(_h.Stored(lease.Id)));
        _h.Time.Advance(TimeSpan.FromMinutes(3.5));
        Assert.Equal(IdleOutcome.Warned, await _h.Idling.CheckAsync(_h.Stored(lease.Id)));
        _h.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(IdleOutcome.Ended, await _h.Idling.CheckAsync(_h.Stored(lease.Id)));

        var ended = _h.Stored(lease.Id);
        Assert.Equal("idle", ended.StatusName);
        Assert.Equal(2, ended.History.Count(e => e.Kind == LeaseEvent.IdleWarning));
        Assert.Equal(("idle", "system"), (ended.LastEvent!.Kind, ended.LastEvent.Actor));
        Assert.Contains(lease.ContainerId, _h.Runtime.RemovedIds);
    }

    [Fact]
    public async Task CheckAsync_AfterActivity_KeepsTheLease_AndWarnsAgainForTheNewDeadline()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromHours(2));
        _h.Time.Advance(TimeSpan.FromMinutes(29.5));
        Assert.Equal(IdleOutcome.Warned, await _h.Idling.CheckAsync(_h.Stored(lease.Id)));

        Assert.True(await _h.Store.TryUpdateAsync(_h.Stored(lease.Id) with { LastActivityAt = _h.Time.GetUtcNow() }));
        _h.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(IdleOutcome.InUse, await _h.Idling.CheckAsync(_h.Stored(lease.Id)));
        _h.Time.Advance(TimeSpan.FromMinutes(28.5));
        Assert.Equal(IdleOutcome.Warned, await _h.Idling.CheckAsync(_h.Stored(lease.Id)));
        Assert.Equal(LeaseStatus.Active, _h.Stored(lease.Id).Status);
    }

    [Fact]
    public async Task CheckAsync_LeavesALeaseAlone_WhenItsEntryHasNoLimit_OrItExpiresFirst()
    {
        var expiresFirst = await _h.ProvisionAsync(TimeSpan.FromMinutes(20));
        _h.Image.IdleTimeout = null;
        var unlimited = await _h.ProvisionAsync(TimeSpan.FromHours(2));
        _h.Image.IdleTimeout = TimeSpan.FromMinutes(30);
        _h.Time.Advance(TimeSpan.FromMinutes(19));

        Assert.Equal(IdleOutcome.NoLimit, await _h.Idling.CheckAsync(_h.Stored(expiresFirst.Id)));
        Assert.Null(_h.Idling.EndsIdleAt(_h.Stored(expiresFirst.Id)));
        _h.Image.IdleTimeout = null;
        _h.Time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(IdleOutcome.NoLimit, await _h.Idling.CheckAsync(_h.Stored(unlimited.Id)));
    }

    [Fact]
    public async Task CheckAsync_KeepsALease_WhoseActivityCameAfterTheSweepReadIt()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromHours(2));
        _h.Time.Advance(TimeSpan.FromMinutes(31));
        var readBySweep = _h.Stored(lease.Id);
        Assert.True(await _h.Store.TryUpdateAsync(readBySweep with { LastActivityAt = _h.Time.GetUtcNow() }));

        Assert.Equal(IdleOutcome.InUse, await _h.Idling.CheckAsync(readBySweep));
        Assert.Equal(LeaseStatus.Active, _h.Stored(lease.Id).Status);
        Assert.Empty(_h.Runtime.RemovedIds);
    }

    [Fact]
    public async Task TheSweep_EndsAnIdleLease()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromHours(2));
        _h.Time.Advance(TimeSpan.FromMinutes(31));

        var report = await _h.SweepAsync();

        Assert.Equal(1, report.Idle);
        Assert.Equal("idle", _h.Stored(lease.Id).StatusName);
    }
}
