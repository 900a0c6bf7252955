using ContainerLease.Domain.Errors;
using ContainerLease.Domain.Leases;
using ContainerLease.Domain.Tests.Fakes;

namespace ContainerLease.Domain.Tests;

public sealed class ExtendAndTerminateTests
{
    private readonly LeaseServiceHarness _h = new();

    [Fact]
    public async Task TerminateAsync_EndsTheLease_EvenWhenItsHistoryIsWrittenWhileTheContainerIsRemoved()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromHours(1));
        var history = new LeaseHistory(_h.Store, _h.Events, _h.Time);
        _h.Runtime.DuringRemove = _ => history.RecordAsync(lease.Id, LeaseEvent.TerminalClosed, "by alice after 3 seconds: The lease has ended; its container is gone.", "alice");

        var ended = await _h.Endings.TerminateAsync(lease.Id, LeaseServiceHarness.Caller);

        var stored = await _h.Store.GetAsync(lease.Id);
        Assert.Equal(LeaseStatus.Ended, ended.Status);
        Assert.Equal(LeaseStatus.Ended, stored!.Status);
        Assert.Equal(["provisioned", "terminal-closed", "terminated"], stored.History.Select(e => e.Kind));
    }

    [Fact]
    public async Task ExtendAsync_MovesExpiresAtAndBumpsVersion_WhenWithinMaximum()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromHours(1));
        _h.Time.Advance(TimeSpan.FromMinutes(10));

        var extended = await _h.Service.ExtendAsync(lease.Id, TimeSpan.FromMinutes(30), LeaseServiceHarness.Caller);

        Assert.Equal(lease.ExpiresAt.AddMinutes(30), extended.ExpiresAt);
        Assert.Equal(2, extended.Version);
        Assert.Equal(lease.CreatedAt, extended.CreatedAt);
        Assert.Equal(LeaseStatus.Active, extended.Status);
        Assert.Equal(extended, _h.Stored(lease.Id));
    }

    [Fact]
    public async Task ExtendAsync_SchedulesAJobAtTheNewExpiry_WhenExtended()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromHours(1));

        var extended = await _h.Service.ExtendAsync(lease.Id, TimeSpan.FromMinutes(30), LeaseServiceHarness.Caller);

        Assert.Equal(
            [new ScheduledJob(lease.Id, lease.ExpiresAt), new ScheduledJob(lease.Id, extended.ExpiresAt)],
            _h.Scheduler.Scheduled);
    }

    [Fact]
    public async Task ExtendAsync_SchedulesBeforeStoring_WhenExtended()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromHours(1));
        Lease? storedWhenScheduled = null;
        _h.Scheduler.OnSchedule = _ => storedWhenScheduled = _h.Store.Find(lease.Id);

        await _h.Service.ExtendAsync(lease.Id, TimeSpan.FromMinutes(30), LeaseServiceHarness.Caller);

        Assert.NotNull(storedWhenScheduled);
        Assert.Equal(lease.ExpiresAt, storedWhenScheduled.ExpiresAt);
        Assert.Equal(1, storedWhenScheduled.Version);
    }

    [Fact]
    public async Task ExtendAsync_ChangesNothing_WhenSchedulingThrows()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromHours(1));
        var failure = new DependencyUnavailableException(DependencyUnavailableException.Store, "hangfire down");
        _h.Scheduler.Failure = failure;

        var ex = await Assert.ThrowsAsync<DependencyUnavailableException>(() => _h.Service.ExtendAsync(lease.Id, TimeSpan.FromMinutes(30), LeaseServiceHarness.Caller));

        Assert.Same(failure, ex);
        Assert.Equal(lease, _h.Stored(lease.Id));
    }

    [Fact]
    public async Task ExtendAsync_ReachesExactlyTheMaximum_WhenExtensionFillsIt()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromHours(1));

        var extended = await _h.Service.ExtendAsync(lease.Id, TimeSpan.FromHours(3), LeaseServiceHarness.Caller);

        Assert.Equal(lease.CreatedAt + _h.Options.MaximumDuration, extended.ExpiresAt);
    }

    [Fact]
    public async Task ExtendAsync_ThrowsOnDurationAndChangesNothing_WhenPastMaximum()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromHours(1));

        var ex = await Assert.ThrowsAsync<LeaseValidationException>(
            () => _h.Service.ExtendAsync(lease.Id, TimeSpan.FromHours(3) + TimeSpan.FromSeconds(1), LeaseServiceHarness.Caller));

        Assert.Equal("duration", ex.Field);
        Assert.Contains("3 hours", ex.Message, StringComparison.Ordinal);
        Assert.Equal(lease, _h.Stored(lease.Id));
        Assert.Single(_h.Scheduler.Scheduled);
        Assert.Empty(_h.Store.Updates);
    }

    [Fact]
    public async Task ExtendAsync_ThrowsOnDuration_WhenExtensionIsZero()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromHours(1));

        var ex = await Assert.ThrowsAsync<LeaseValidationException>(() => _h.Service.ExtendAsync(lease.Id, TimeSpan.Zero, LeaseServiceHarness.Caller));

        Assert.Equal("duration", ex.Field);
        Assert.Single(_h.Scheduler.Scheduled);
    }

    [Fact]
    public async Task ExtendAsync_ThrowsConflict_WhenLeaseHasEnded()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromHours(1));
        await _h.Endings.TerminateAsync(lease.Id, LeaseServiceHarness.Caller);

        var ex = await Assert.ThrowsAsync<LeaseConflictException>(() => _h.Service.ExtendAsync(lease.Id, TimeSpan.FromMinutes(5), LeaseServiceHarness.Caller));

        Assert.Contains("ended", ex.Message, StringComparison.Ordinal);
        Assert.Equal(LeaseStatus.Ended, _h.Stored(lease.Id).Status);
        Assert.Single(_h.Scheduler.Scheduled);
    }

    [Fact]
    public async Task ExtendAsync_ThrowsConflict_WhenLeaseIsEnding()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromHours(1));
        _h.Runtime.Unavailable = true;
        await Assert.ThrowsAsync<DependencyUnavailableException>(() => _h.Endings.TerminateAsync(lease.Id, LeaseServiceHarness.Caller));

        await Assert.ThrowsAsync<LeaseConflictException>(() => _h.Service.ExtendAsync(lease.Id, TimeSpan.FromMinutes(5), LeaseServiceHarness.Caller));

        Assert.Equal(LeaseStatus.Ending, _h.Stored(lease.Id).Status);
    }

    [Fact]
    public async Task ExtendAsync_ThrowsConflict_WhenExpiryTimeHasPassedButJobHasNotRun()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromMinutes(5));
        _h.Time.Advance(TimeSpan.FromMinutes(5));

        var ex = await Assert.ThrowsAsync<LeaseConflictException>(() => _h.Service.ExtendAsync(lease.Id, TimeSpan.FromMinutes(5), LeaseServiceHarness.Caller));

        Assert.Contains("expired", ex.Message, StringComparison.Ordinal);
        Assert.Equal(lease, _h.Stored(lease.Id));
    }

    [Fact]
    public async Task ExtendAsync_ThrowsNotFound_WhenLeaseIsUnknown()
    {
        var id = LeaseId.New();

        var ex = await Assert.ThrowsAsync<LeaseNotFoundException>(() => _h.Service.ExtendAsync(id, TimeSpan.FromMinutes(5), LeaseServiceHarness.Caller));

        Assert.Equal(id.Value, ex.LeaseId);
        Assert.Empty(_h.Scheduler.Scheduled);
    }

    [Fact]
    public async Task ExtendAsync_RetriesOnTheNewerCopy_WhenAnotherWriterChangedTheLeaseMeanwhile()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromHours(1));
        var concurrent = lease with { ExpiresAt = lease.ExpiresAt.AddMinutes(20), Version = 2 };
        _h.Store.BeforeUpdate = _ =>
        {
            _h.Store.BeforeUpdate = null;
            _h.Store.Seed(concurrent);
        };

        var extended = await _h.Service.ExtendAsync(lease.Id, TimeSpan.FromMinutes(10), LeaseServiceHarness.Caller);

        Assert.Equal(lease.ExpiresAt.AddMinutes(30), extended.ExpiresAt);
        Assert.Equal(3, extended.Version);
        Assert.Equal(extended, _h.Stored(lease.Id));
        Assert.Equal(extended.ExpiresAt, _h.Scheduler.Scheduled[^1].ExpiresAt);
    }

    [Fact]
    public async Task ExtendAsync_ThrowsConflict_WhenEveryRoundLosesTheRace()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromHours(1));
        _h.Store.BeforeUpdate = l => _h.Store.Seed(_h.Stored(l.Id) with { Version = _h.Stored(l.Id).Version + 1 });

        var ex = await Assert.ThrowsAsync<LeaseConflictException>(() => _h.Service.ExtendAsync(lease.Id, TimeSpan.FromMinutes(10), LeaseServiceHarness.Caller));

        Assert.Contains("try again", ex.Message, StringComparison.Ordinal);
        Assert.Equal(lease.ExpiresAt, _h.Stored(lease.Id).ExpiresAt);
    }

    [Fact]
    public async Task TerminateAsync_RemovesContainerAndEndsLeaseNow_WhenActive()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromHours(1));
        _h.Time.Advance(TimeSpan.FromMinutes(7));

        var ended = await _h.Endings.TerminateAsync(lease.Id, LeaseServiceHarness.Caller);

        Assert.Equal([lease.ContainerId], _h.Runtime.RemovedIds);
        Assert.False(_h.Runtime.IsRunning(lease.ContainerId));
        Assert.Equal(LeaseStatus.Ended, ended.Status);
        Assert.Equal(EndReason.Terminated, ended.EndReason);
        Assert.Equal(LeaseServiceHarness.Start.AddMinutes(7), ended.EndedAt);
        Assert.Equal(3, ended.Version);
        Assert.Equal(ended, _h.Stored(lease.Id));
        Assert.Equal(lease.ExpiresAt, ended.ExpiresAt);
    }

    [Fact]
    public async Task TerminateAsync_MarksEndingBeforeRemoving_WhenActive()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromHours(1));

        await _h.Endings.TerminateAsync(lease.Id, LeaseServiceHarness.Caller);

        Assert.Equal(2, _h.Store.Updates.Count);
        Assert.Equal(LeaseStatus.Ending, _h.Store.Updates[0].Status);
        Assert.Equal(EndReason.Terminated, _h.Store.Updates[0].EndReason);
        Assert.Equal(LeaseStatus.Ended, _h.Store.Updates[1].Status);
    }

    [Fact]
    public async Task TerminateAsync_ReturnsTheEndedLeaseWithoutTheEngine_WhenCalledTwice()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromHours(1));
        var first = await _h.Endings.TerminateAsync(lease.Id, LeaseServiceHarness.Caller);
        _h.Runtime.Unavailable = true;
        _h.Time.Advance(TimeSpan.FromMinutes(1));

        var second = await _h.Endings.TerminateAsync(lease.Id, LeaseServiceHarness.Caller);

        Assert.Equal(first, second);
        Assert.Single(_h.Runtime.Removals);
    }

    [Fact]
    public async Task TerminateAsync_StillEndsTheLease_WhenContainerIsAlreadyGone()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromHours(1));
        _h.Runtime.Vanish(lease.ContainerId);

        var ended = await _h.Endings.TerminateAsync(lease.Id, LeaseServiceHarness.Caller);

        var removal = Assert.Single(_h.Runtime.Removals);
        Assert.False(removal.Existed);
        Assert.Equal(LeaseStatus.Ended, ended.Status);
        Assert.Equal(EndReason.Terminated, ended.EndReason);
        Assert.Equal(LeaseStatus.Ended, _h.Stored(lease.Id).Status);
    }

    [Fact]
    public async Task TerminateAsync_LeavesLeaseEndingAndFinishesOnRetry_WhenEngineFailsFirst()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromHours(1));
        _h.Runtime.Unavailable = true;

        await Assert.ThrowsAsync<DependencyUnavailableException>(() => _h.Endings.TerminateAsync(lease.Id, LeaseServiceHarness.Caller));

        var ending = _h.Stored(lease.Id);
        Assert.Equal(LeaseStatus.Ending, ending.Status);
        Assert.Equal(EndReason.Terminated, ending.EndReason);
        Assert.Null(ending.EndedAt);
        Assert.True(_h.Runtime.IsRunning(lease.ContainerId));

        _h.Runtime.Unavailable = false;
        var ended = await _h.Endings.TerminateAsync(lease.Id, LeaseServiceHarness.Caller);

        Assert.Equal(LeaseStatus.Ended, ended.Status);
        Assert.Equal(EndReason.Terminated, ended.EndReason);
        Assert.Equal([lease.ContainerId], _h.Runtime.RemovedIds);
    }

    [Fact]
    public async Task TerminateAsync_ThrowsNotFound_WhenLeaseIsUnknown()
    {
        var id = LeaseId.New();

        var ex = await Assert.ThrowsAsync<LeaseNotFoundException>(() => _h.Endings.TerminateAsync(id, LeaseServiceHarness.Caller));

        Assert.Equal(id.Value, ex.LeaseId);
        Assert.Empty(_h.Runtime.Removals);
    }

    [Fact]
    public async Task TerminateAsync_KeepsTheOtherRecord_WhenAnotherWriterFinishesFirst()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromHours(1));
        Lease? theirs = null;
        _h.Store.BeforeUpdate = l =>
        {
            if (l.Status == LeaseStatus.Ended)
            {
                // Another instance finished the same ending lease a moment earlier.
                _h.Store.BeforeUpdate = null;
                theirs = l with { EndedAt = l.EndedAt!.Value.AddSeconds(-1), Version = l.Version + 1 };
                _h.Store.Seed(theirs);
            }
        };

        var ended = await _h.Endings.TerminateAsync(lease.Id, LeaseServiceHarness.Caller);

        Assert.NotNull(theirs);
        Assert.Equal(theirs, ended);
        Assert.Equal(theirs, _h.Stored(lease.Id));
    }
}
