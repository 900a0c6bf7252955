using ContainerLease.Domain.Errors;
using ContainerLease.Domain.Leases;
using ContainerLease.Domain.Tests.Fakes;

namespace ContainerLease.Domain.Tests;

public sealed class ExpireTests
{
    private readonly LeaseServiceHarness _h = new();

    private async Task<Lease> DueLeaseAsync()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromMinutes(5));
        _h.Time.Advance(TimeSpan.FromMinutes(5));
        return lease;
    }

    [Fact]
    public async Task ExpireAsync_RemovesContainerAndEndsLease_WhenDue()
    {
        var lease = await DueLeaseAsync();

        var outcome = await _h.Endings.ExpireAsync(lease.Id, lease.ExpiresAt);

        Assert.Equal(ExpireOutcome.Expired, outcome);
        Assert.Equal([lease.ContainerId], _h.Runtime.RemovedIds);
        var stored = _h.Stored(lease.Id);
        Assert.Equal(LeaseStatus.Ended, stored.Status);
        Assert.Equal(EndReason.Expired, stored.EndReason);
        Assert.Equal(lease.ExpiresAt, stored.EndedAt);
        Assert.Equal(3, stored.Version);
    }

    [Fact]
    public async Task ExpireAsync_EndsAtTheRunTime_WhenJobRunsLate()
    {
        var lease = await DueLeaseAsync();
        _h.Time.Advance(TimeSpan.FromMinutes(3));

        var outcome = await _h.Endings.ExpireAsync(lease.Id, lease.ExpiresAt);

        Assert.Equal(ExpireOutcome.Expired, outcome);
        Assert.Equal(lease.ExpiresAt.AddMinutes(3), _h.Stored(lease.Id).EndedAt);
    }

    [Fact]
    public async Task ExpireAsync_IsAlreadyEndedAndRemovesNothingMore_WhenRunTwice()
    {
        var lease = await DueLeaseAsync();
        await _h.Endings.ExpireAsync(lease.Id, lease.ExpiresAt);
        var ended = _h.Stored(lease.Id);
        _h.Runtime.Unavailable = true;

        var outcome = await _h.Endings.ExpireAsync(lease.Id, lease.ExpiresAt);

        Assert.Equal(ExpireOutcome.AlreadyEnded, outcome);
        Assert.Single(_h.Runtime.Removals);
        Assert.Equal(ended, _h.Stored(lease.Id));
    }

    [Fact]
    public async Task ExpireAsync_IsAlreadyEnded_WhenLeaseIsMissing()
    {
        var outcome = await _h.Endings.ExpireAsync(LeaseId.New(), LeaseServiceHarness.Start);

        Assert.Equal(ExpireOutcome.AlreadyEnded, outcome);
        Assert.Empty(_h.Runtime.Removals);
    }

    [Fact]
    public async Task ExpireAsync_IsAlreadyEndedAndKeepsTheReason_WhenLeaseWasTerminated()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromMinutes(5));
        await _h.Endings.TerminateAsync(lease.Id, LeaseServiceHarness.Caller);
        _h.Time.Advance(TimeSpan.FromMinutes(5));

        var outcome = await _h.Endings.ExpireAsync(lease.Id, lease.ExpiresAt);

        Assert.Equal(ExpireOutcome.AlreadyEnded, outcome);
        Assert.Equal(EndReason.Terminated, _h.Stored(lease.Id).EndReason);
        Assert.Single(_h.Runtime.Removals);
    }

    [Fact]
    public async Task ExpireAsync_IsStaleAndRemovesNothing_WhenLeaseWasExtendedAfterScheduling()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromMinutes(5));
        var extended = await _h.Service.ExtendAsync(lease.Id, TimeSpan.FromMinutes(10), LeaseServiceHarness.Caller);
        _h.Time.Advance(TimeSpan.FromMinutes(5));

        var outcome = await _h.Endings.ExpireAsync(lease.Id, lease.ExpiresAt);

        Assert.Equal(ExpireOutcome.Stale, outcome);
        Assert.Empty(_h.Runtime.Removals);
        Assert.True(_h.Runtime.IsRunning(lease.ContainerId));
        Assert.Equal(extended, _h.Stored(lease.Id));
    }

    [Fact]
    public async Task ExpireAsync_ExpiresAtTheNewTime_WhenTheExtendedJobRuns()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromMinutes(5));
        var extended = await _h.Service.ExtendAsync(lease.Id, TimeSpan.FromMinutes(10), LeaseServiceHarness.Caller);
        _h.Time.Advance(TimeSpan.FromMinutes(15));

        Assert.Equal(ExpireOutcome.Stale, await _h.Endings.ExpireAsync(lease.Id, lease.ExpiresAt));
        Assert.Equal(ExpireOutcome.Expired, await _h.Endings.ExpireAsync(lease.Id, extended.ExpiresAt));

        Assert.Equal(LeaseStatus.Ended, _h.Stored(lease.Id).Status);
        Assert.Equal([lease.ContainerId], _h.Runtime.RemovedIds);
    }

    [Fact]
    public async Task ExpireAsync_IsStale_WhenJobIsForAnExtensionThatWasNeverStored()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromMinutes(5));
        _h.Time.Advance(TimeSpan.FromMinutes(15));

        var outcome = await _h.Endings.ExpireAsync(lease.Id, lease.ExpiresAt.AddMinutes(10));

        Assert.Equal(ExpireOutcome.Stale, outcome);
        Assert.Empty(_h.Runtime.Removals);
    }

    [Theory]
    [InlineData(6)]
    [InlineData(60)]
    [InlineData(240)]
    public async Task ExpireAsync_IsNotYetDueAndRemovesNothing_WhenRunMoreThanFiveSecondsEarly(int secondsEarly)
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromMinutes(5));
        _h.Time.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(secondsEarly));

        var outcome = await _h.Endings.ExpireAsync(lease.Id, lease.ExpiresAt);

        Assert.Equal(ExpireOutcome.NotYetDue, outcome);
        Assert.Empty(_h.Runtime.Removals);
        Assert.Equal(lease, _h.Stored(lease.Id));
    }

    [Fact]
    public async Task ExpireAsync_WaitsThenExpires_WhenRunOneSecondEarly()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromMinutes(5));
        _h.Time.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));

        var task = _h.Endings.ExpireAsync(lease.Id, lease.ExpiresAt);

        Assert.False(task.IsCompleted);
        _h.Time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(task.IsCompleted);
        Assert.Empty(_h.Runtime.Removals);
        Assert.Equal(LeaseStatus.Active, _h.Stored(lease.Id).Status);

        _h.Time.Advance(TimeSpan.FromMilliseconds(1));
        var outcome = await task;

        Assert.Equal(ExpireOutcome.Expired, outcome);
        var removal = Assert.Single(_h.Runtime.Removals);
        Assert.True(removal.At >= lease.ExpiresAt, $"Removed at {removal.At:O}, before the due time {lease.ExpiresAt:O}.");
        Assert.Equal(LeaseStatus.Ended, _h.Stored(lease.Id).Status);
        Assert.Equal(lease.ExpiresAt, _h.Stored(lease.Id).EndedAt);
    }

    [Fact]
    public async Task ExpireAsync_WaitsRatherThanRescheduling_WhenRunExactlyFiveSecondsEarly()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromMinutes(5));
        _h.Time.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(5));

        var task = _h.Endings.ExpireAsync(lease.Id, lease.ExpiresAt);
        Assert.False(task.IsCompleted);
        _h.Time.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(ExpireOutcome.Expired, await task);
        Assert.True(Assert.Single(_h.Runtime.Removals).At >= lease.ExpiresAt);
    }

    [Fact]
    public async Task ExpireAsync_IsStale_WhenLeaseIsExtendedWhileTheJobWaits()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromMinutes(5));
        _h.Time.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(2));

        var task = _h.Endings.ExpireAsync(lease.Id, lease.ExpiresAt);
        await _h.Service.ExtendAsync(lease.Id, TimeSpan.FromMinutes(10), LeaseServiceHarness.Caller);
        _h.Time.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(ExpireOutcome.Stale, await task);
        Assert.Empty(_h.Runtime.Removals);
    }

    [Fact]
    public async Task ExpireAsync_PropagatesAndLeavesLeaseEnding_WhenEngineFailsOnRemove()
    {
        var lease = await DueLeaseAsync();
        _h.Runtime.Unavailable = true;

        var ex = await Assert.ThrowsAsync<DependencyUnavailableException>(() => _h.Endings.ExpireAsync(lease.Id, lease.ExpiresAt));

        Assert.Equal(DependencyUnavailableException.Docker, ex.Dependency);
        var stored = _h.Stored(lease.Id);
        Assert.Equal(LeaseStatus.Ending, stored.Status);
        Assert.Equal(EndReason.Expired, stored.EndReason);
        Assert.Null(stored.EndedAt);
        Assert.True(_h.Runtime.IsRunning(lease.ContainerId));
    }

    [Fact]
    public async Task ExpireAsync_FinishesTheEndingLease_WhenRetriedAfterEngineRecovers()
    {
        var lease = await DueLeaseAsync();
        _h.Runtime.RemoveFailure = new DependencyUnavailableException(DependencyUnavailableException.Docker, "engine hiccup");
        await Assert.ThrowsAsync<DependencyUnavailableException>(() => _h.Endings.ExpireAsync(lease.Id, lease.ExpiresAt));
        _h.Runtime.RemoveFailure = null;
        _h.Time.Advance(TimeSpan.FromSeconds(30));

        var outcome = await _h.Endings.ExpireAsync(lease.Id, lease.ExpiresAt);

        Assert.Equal(ExpireOutcome.Expired, outcome);
        Assert.Equal([lease.ContainerId], _h.Runtime.RemovedIds);
        var stored = _h.Stored(lease.Id);
        Assert.Equal(LeaseStatus.Ended, stored.Status);
        Assert.Equal(EndReason.Expired, stored.EndReason);
        Assert.Equal(lease.ExpiresAt.AddSeconds(30), stored.EndedAt);
    }

    [Fact]
    public async Task ExpireAsync_StillEnds_WhenContainerIsAlreadyGone()
    {
        var lease = await DueLeaseAsync();
        _h.Runtime.Vanish(lease.ContainerId);

        var outcome = await _h.Endings.ExpireAsync(lease.Id, lease.ExpiresAt);

        Assert.Equal(ExpireOutcome.Expired, outcome);
        Assert.False(Assert.Single(_h.Runtime.Removals).Existed);
        Assert.Equal(LeaseStatus.Ended, _h.Stored(lease.Id).Status);
    }

    [Fact]
    public async Task ExpireAsync_FinishesATerminationLeftEnding_WhenEngineRecovers()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromMinutes(5));
        _h.Runtime.Unavailable = true;
        await Assert.ThrowsAsync<DependencyUnavailableException>(() => _h.Endings.TerminateAsync(lease.Id, LeaseServiceHarness.Caller));
        _h.Runtime.Unavailable = false;
        _h.Time.Advance(TimeSpan.FromMinutes(5));

        var outcome = await _h.Endings.ExpireAsync(lease.Id, lease.ExpiresAt);

        Assert.Equal(ExpireOutcome.Expired, outcome);
        Assert.Equal(LeaseStatus.Ended, _h.Stored(lease.Id).Status);
        Assert.Equal(EndReason.Terminated, _h.Stored(lease.Id).EndReason);
        Assert.Equal([lease.ContainerId], _h.Runtime.RemovedIds);
    }

    [Fact]
    public async Task ExpireAsync_IsStaleAndRemovesNothing_WhenAConcurrentExtensionWinsTheRace()
    {
        var lease = await DueLeaseAsync();
        _h.Store.BeforeUpdate = l =>
        {
            _h.Store.BeforeUpdate = null;
            _h.Store.Seed(_h.Stored(l.Id) with { ExpiresAt = lease.ExpiresAt.AddMinutes(10), Version = 2 });
        };

        var outcome = await _h.Endings.ExpireAsync(lease.Id, lease.ExpiresAt);

        Assert.Equal(ExpireOutcome.Stale, outcome);
        Assert.Empty(_h.Runtime.Removals);
        Assert.Equal(LeaseStatus.Active, _h.Stored(lease.Id).Status);
    }
}
