using ContainerLease.Domain.Errors;
using ContainerLease.Domain.Images;
using ContainerLease.Domain.Leases;
using ContainerLease.Domain.Tests.Fakes;

namespace ContainerLease.Domain.Tests;

/// <summary><c>Catalog:WaitForPull</c>: a lease whose image must be pulled is stored pulling at once, and started in the background.</summary>
public sealed class PullWaitTests
{
    private readonly LeaseServiceHarness _h = new(LeaseServiceHarness.Start, waitForPull: true);
    private readonly TaskCompletionSource _pull = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public PullWaitTests()
    {
        _h.Runtime.Present.Add("something-else:1"); // The harness's python image is not on the engine.
        _h.Runtime.Pull = (_, progress) =>
        {
            progress?.Report(new PullProgress(10, 40));
            return _pull.Task;
        };
    }

    [Fact]
    public async Task AProvisionThatNeedsAPull_StoresTheLeasePulling_StartsNothing_AndQueuesItsStart()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromHours(1));

        Assert.Equal(LeaseStatus.Pulling, lease.Status);
        Assert.Equal("pulling", lease.StatusName);
        Assert.Equal(string.Empty, lease.ContainerId);
        Assert.Equal(1, lease.Version);
        Assert.Equal(LeaseStatus.Pulling, _h.Stored(lease.Id).Status);
        Assert.Empty(_h.Runtime.Started);
        Assert.Empty(_h.Runtime.EnsuredImages);
        Assert.Empty(_h.Scheduler.Scheduled);
        Assert.Equal([lease.Id], _h.PendingStarts.Queued);
        Assert.Equal([lease.Id], _h.Events.Changed);
        Assert.Contains("once its image is pulled", lease.History[0].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnImageTheEngineHas_IsLeasedAtOnce_AsWithoutTheSetting()
    {
        _h.Runtime.Present.Add(_h.Image.Image);

        var lease = await _h.ProvisionAsync(TimeSpan.FromHours(1));

        Assert.Equal(LeaseStatus.Active, lease.Status);
        Assert.Single(_h.Runtime.Started);
        Assert.Empty(_h.PendingStarts.Queued);
    }

    [Fact]
    public async Task TheStart_PullsWithProgress_ThenStartsTheContainer_AndTheClockRunsFromThen()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromHours(1));
        var start = _h.Provisioner.StartPulledAsync(lease.Id);
        Assert.Equal([(lease.Id, new PullProgress(10, 40))], _h.PullProgress.Shown);

        _h.Time.Advance(TimeSpan.FromMinutes(3));
        _pull.SetResult();
        await start;

        var started = _h.Stored(lease.Id);
        var at = LeaseServiceHarness.Start + TimeSpan.FromMinutes(3);
        Assert.Equal(LeaseStatus.Active, started.Status);
        Assert.Equal(at, started.CreatedAt);
        Assert.Equal(at + TimeSpan.FromHours(1), started.ExpiresAt);
        Assert.Equal(Assert.Single(_h.Runtime.StartedIds), started.ContainerId);
        Assert.Equal(LeaseName.For(started), Assert.Single(_h.Runtime.Started).Name);
        Assert.Equal([new ScheduledJob(lease.Id, started.ExpiresAt)], _h.Scheduler.Scheduled);
        Assert.Equal(LeaseEvent.Started, started.LastEvent!.Kind);
        Assert.Equal(LeaseServiceHarness.Start, started.History[0].At); // The request stays on record.
    }

    [Fact]
    public async Task AFailedPull_EndsTheLeasePullFailed_WithTheReason_AndStartsNothing()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromHours(1));
        _pull.SetException(new ImageUnavailableException("python:3.13-alpine", "manifest unknown"));

        await _h.Provisioner.StartPulledAsync(lease.Id);

        var ended = _h.Stored(lease.Id);
        Assert.Equal(LeaseStatus.Ended, ended.Status);
        Assert.Equal("pull-failed", ended.StatusName);
        Assert.Contains("manifest unknown", ended.LastEvent!.Detail, StringComparison.Ordinal);
        Assert.Empty(_h.Runtime.Started);
        Assert.Empty(_h.Runtime.Removals);
        Assert.Empty(_h.Scheduler.Scheduled);
    }

    [Fact]
    public async Task AnUnreachableEngine_Throws_SoTheStartIsTriedAgain_AndTheLeaseWaitsOn()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromHours(1));
        _h.Runtime.Unavailable = true;

        await Assert.ThrowsAsync<DependencyUnavailableException>(() => _h.Provisioner.StartPulledAsync(lease.Id));

        Assert.Equal(LeaseStatus.Pulling, _h.Stored(lease.Id).Status);
    }

    [Fact]
    public async Task ALeaseTerminatedWhileItsImageIsPulled_EndsAtOnce_AndItsContainerNeverRuns()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromHours(1));
        var start = _h.Provisioner.StartPulledAsync(lease.Id);

        var ended = await _h.Endings.TerminateAsync(lease.Id, LeaseServiceHarness.Caller);
        _pull.SetResult();
        await start;

        Assert.Equal("terminated", ended.StatusName);
        Assert.Equal("terminated", _h.Stored(lease.Id).StatusName);
        var container = Assert.Single(_h.Runtime.StartedIds);
        Assert.Contains(container, _h.Runtime.RemovedIds);
        Assert.False(_h.Runtime.IsRunning(container));
    }

    [Fact]
    public async Task TheStart_RunTwice_StartsOneContainer()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromHours(1));
        _pull.SetResult();

        await _h.Provisioner.StartPulledAsync(lease.Id);
        await _h.Provisioner.StartPulledAsync(lease.Id);

        Assert.Single(_h.Runtime.Started);
        Assert.Single(_h.Scheduler.Scheduled);
    }

    [Fact]
    public async Task AnExtension_OrAnAction_WhileItsImageIsPulled_IsRefusedSayingSo()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromHours(1));

        var extend = await Assert.ThrowsAsync<LeaseConflictException>(() => _h.Service.ExtendAsync(lease.Id, TimeSpan.FromMinutes(15), LeaseServiceHarness.Caller));
        Assert.Contains("waiting for its image", extend.Message, StringComparison.Ordinal);
        var access = new LeaseAccess(_h.Store, _h.Runtime);
        var open = await Assert.ThrowsAsync<LeaseConflictException>(() => access.OpenAsync(lease.Id.Value, LeaseServiceHarness.Caller));
        Assert.Contains("waiting for its image", open.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheSweep_LeavesAPullingLeaseAlone_UntilItHasWaitedPastTheProvisionTimeout_ThenEndsIt()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromHours(1));
        _h.Time.Advance(TimeSpan.FromMinutes(5));

        var early = await _h.SweepAsync();
        Assert.Equal(0, early.Gone + early.PullsAbandoned);
        Assert.Equal(LeaseStatus.Pulling, _h.Stored(lease.Id).Status);

        _h.Time.Advance(_h.Options.ProvisionTimeout);
        var late = await _h.SweepAsync();

        Assert.Equal(1, late.PullsAbandoned);
        var ended = _h.Stored(lease.Id);
        Assert.Equal("pull-failed", ended.StatusName);
        Assert.Contains("not pulled within", ended.LastEvent!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APullingLease_CountsInItsOwnersQuota()
    {
        _h.Options.MaxActivePerUser = 1;
        await _h.ProvisionAsync(TimeSpan.FromHours(1));

        await Assert.ThrowsAsync<QuotaExceededException>(() => _h.ProvisionAsync(TimeSpan.FromHours(1)));
    }

    [Fact]
    public async Task AStartThatCannotBeQueued_LeavesNoLease()
    {
        _h.PendingStarts.Failure = new DependencyUnavailableException(DependencyUnavailableException.Store, "down");

        await Assert.ThrowsAsync<DependencyUnavailableException>(() => _h.ProvisionAsync(TimeSpan.FromHours(1)));

        Assert.Equal(0, _h.Store.Count);
    }
}
