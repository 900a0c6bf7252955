using ContainerLease.Domain.Errors;
using ContainerLease.Domain.Leases;
using ContainerLease.Domain.Ports;
using ContainerLease.Domain.Tests.Fakes;

namespace ContainerLease.Domain.Tests;

public sealed class ProvisionTests
{
    private readonly LeaseServiceHarness _h = new();

    [Fact]
    public async Task ProvisionAsync_ThrowsOnImageTypeAndStartsNothing_WhenImageIsNotInCatalog()
    {
        var ex = await Assert.ThrowsAsync<LeaseValidationException>(
            () => _h.Provisioner.ProvisionAsync(new ProvisionRequest("ruby", TimeSpan.FromHours(1), "alice")));

        Assert.Equal("imageType", ex.Field);
        Assert.Contains("'ruby'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("python", ex.Message, StringComparison.Ordinal);
        Assert.Empty(_h.Runtime.EnsuredImages);
        Assert.Empty(_h.Runtime.Started);
        Assert.Equal(0, _h.Store.AddCalls);
        Assert.Equal(0, _h.Store.Count);
        Assert.Empty(_h.Scheduler.Scheduled);
    }

    [Theory]
    [InlineData(59)]
    [InlineData(4 * 3600 + 1)]
    public async Task ProvisionAsync_ThrowsOnDurationAndStartsNothing_WhenDurationIsOutOfBounds(int seconds)
    {
        var ex = await Assert.ThrowsAsync<LeaseValidationException>(() => _h.ProvisionAsync(TimeSpan.FromSeconds(seconds)));

        Assert.Equal("duration", ex.Field);
        Assert.Empty(_h.Runtime.EnsuredImages);
        Assert.Empty(_h.Runtime.Started);
        Assert.Equal(0, _h.Store.Count);
        Assert.Empty(_h.Scheduler.Scheduled);
    }

    [Fact]
    public async Task ProvisionAsync_StartsContainerWithLeaseLabels_WhenRequestIsValid()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromHours(1));

        var spec = Assert.Single(_h.Runtime.Started);
        Assert.Equal(LeaseName.For(lease), spec.Name);
        Assert.Same(_h.Image, spec.Image);
        Assert.Equal("true", spec.Labels[LeaseLabels.Managed]);
        Assert.Equal(lease.Id.Value, spec.Labels[LeaseLabels.LeaseId]);
        Assert.Equal(LeaseServiceHarness.InstallationId, spec.Labels[LeaseLabels.Installation]);
        Assert.Equal("2025-01-06T10:00:00.000Z", spec.Labels[LeaseLabels.ExpiresAt]);
        Assert.Equal(LeaseServiceHarness.Owner, spec.Labels[LeaseLabels.Owner]);
        Assert.Equal(LeaseServiceHarness.ImageType, spec.Labels[LeaseLabels.ImageType]);
        Assert.Equal([_h.Image.Image], _h.Runtime.EnsuredImages);
    }

    [Fact]
    public async Task ProvisionAsync_ReturnsActiveLeaseAtVersionOne_WhenRequestIsValid()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromMinutes(90));

        Assert.Equal(1, lease.Version);
        Assert.Equal(LeaseStatus.Active, lease.Status);
        Assert.Equal(LeaseServiceHarness.Start, lease.CreatedAt);
        Assert.Equal(LeaseServiceHarness.Start + TimeSpan.FromMinutes(90), lease.ExpiresAt);
        Assert.Equal(Assert.Single(_h.Runtime.StartedIds), lease.ContainerId);
        Assert.Equal(LeaseServiceHarness.ImageType, lease.ImageType);
        Assert.Equal(LeaseServiceHarness.Owner, lease.Owner);
        Assert.Null(lease.EndReason);
        Assert.Null(lease.EndedAt);
    }

    [Fact]
    public async Task ProvisionAsync_StoresTheLeaseAsReturned_WhenRequestIsValid()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromHours(1));

        Assert.Equal(lease, _h.Stored(lease.Id));
        Assert.Equal(1, _h.Store.Count);
    }

    [Fact]
    public async Task ProvisionAsync_SchedulesExpiryAtNowPlusDuration_WhenRequestIsValid()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromMinutes(5));

        var job = Assert.Single(_h.Scheduler.Scheduled);
        Assert.Equal(new ScheduledJob(lease.Id, LeaseServiceHarness.Start.AddMinutes(5)), job);
        Assert.Equal(lease.ExpiresAt, job.ExpiresAt);
    }

    [Fact]
    public async Task ProvisionAsync_TruncatesTimesToMilliseconds_WhenClockHasFinerTicks()
    {
        var start = LeaseServiceHarness.Start.AddTicks(1_234_567);
        var h = new LeaseServiceHarness(start);

        var lease = await h.ProvisionAsync(TimeSpan.FromMinutes(1));

        var truncated = LeaseServiceHarness.Start.AddMilliseconds(123);
        Assert.Equal(truncated, lease.CreatedAt);
        Assert.Equal(truncated.AddMinutes(1), lease.ExpiresAt);
        Assert.Equal(TimeSpan.Zero, lease.CreatedAt.Offset);
        Assert.Equal(truncated.AddMinutes(1), Assert.Single(h.Scheduler.Scheduled).ExpiresAt);
        Assert.Equal("2025-01-06T09:01:00.123Z", Assert.Single(h.Runtime.Started).Labels[LeaseLabels.ExpiresAt]);
    }

    [Fact]
    public async Task ProvisionAsync_GivesEachLeaseItsOwnIdAndContainer_WhenCalledTwice()
    {
        var first = await _h.ProvisionAsync(TimeSpan.FromHours(1));
        var second = await _h.ProvisionAsync(TimeSpan.FromHours(1));

        Assert.NotEqual(first.Id, second.Id);
        Assert.NotEqual(first.ContainerId, second.ContainerId);
        Assert.Equal(2, _h.Store.Count);
    }

    [Fact]
    public async Task ProvisionAsync_StoresAndSchedulesNothing_WhenContainerFailsToStart()
    {
        var failure = new DependencyUnavailableException(DependencyUnavailableException.Docker, "start failed");
        _h.Runtime.StartFailure = failure;

        var ex = await Assert.ThrowsAsync<DependencyUnavailableException>(() => _h.ProvisionAsync(TimeSpan.FromHours(1)));

        Assert.Same(failure, ex);
        Assert.Equal(0, _h.Store.AddCalls);
        Assert.Empty(_h.Scheduler.Scheduled);
    }

    [Fact]
    public async Task ProvisionAsync_StartsNothing_WhenEngineIsUnavailable()
    {
        _h.Runtime.Unavailable = true;

        var ex = await Assert.ThrowsAsync<DependencyUnavailableException>(() => _h.ProvisionAsync(TimeSpan.FromHours(1)));

        Assert.Equal(DependencyUnavailableException.Docker, ex.Dependency);
        Assert.Empty(_h.Runtime.Started);
        Assert.Equal(0, _h.Store.Count);
    }

    [Fact]
    public async Task ProvisionAsync_RemovesContainerAndDeletesLeaseAndRethrows_WhenStoreAddThrows()
    {
        var failure = new DependencyUnavailableException(DependencyUnavailableException.Store, "redis down");
        _h.Store.AddFailure = failure;

        var ex = await Assert.ThrowsAsync<DependencyUnavailableException>(() => _h.ProvisionAsync(TimeSpan.FromHours(1)));

        Assert.Same(failure, ex);
        var containerId = Assert.Single(_h.Runtime.StartedIds);
        Assert.Equal([containerId], _h.Runtime.RemovedIds);
        Assert.False(_h.Runtime.IsRunning(containerId));
        var deleted = Assert.Single(_h.Store.Deleted);
        Assert.Equal(Assert.Single(_h.Runtime.Started).Labels[LeaseLabels.LeaseId], deleted.Value);
        Assert.Equal(0, _h.Store.Count);
        Assert.Empty(_h.Scheduler.Scheduled);
    }

    [Fact]
    public async Task ProvisionAsync_RemovesContainerAndDeletesLeaseAndRethrows_WhenSchedulingThrows()
    {
        var failure = new DependencyUnavailableException(DependencyUnavailableException.Store, "hangfire down");
        _h.Scheduler.Failure = failure;

        var ex = await Assert.ThrowsAsync<DependencyUnavailableException>(() => _h.ProvisionAsync(TimeSpan.FromHours(1)));

        Assert.Same(failure, ex);
        var containerId = Assert.Single(_h.Runtime.StartedIds);
        Assert.Equal([containerId], _h.Runtime.RemovedIds);
        Assert.Equal(1, _h.Store.AddCalls);
        var deleted = Assert.Single(_h.Store.Deleted);
        Assert.Null(_h.Store.Find(deleted));
        Assert.Equal(0, _h.Store.Count);
    }

    [Fact]
    public async Task ProvisionAsync_RethrowsTheOriginalError_WhenRollbackRemovalAlsoFails()
    {
        var failure = new InvalidOperationException("scheduler broke");
        _h.Scheduler.Failure = failure;
        _h.Runtime.RemoveFailure = new DependencyUnavailableException(DependencyUnavailableException.Docker, "engine gone too");

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => _h.ProvisionAsync(TimeSpan.FromHours(1)));

        Assert.Same(failure, ex);
        Assert.Single(_h.Store.Deleted);
        Assert.Equal(0, _h.Store.Count);
    }

    [Fact]
    public async Task ProvisionAsync_RemovesContainerAndThrows_WhenLeaseIdIsAlreadyTaken()
    {
        TakeIdWhenContainerStarts();

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => _h.ProvisionAsync(TimeSpan.FromHours(1)));

        Assert.Contains("already taken", ex.Message, StringComparison.Ordinal);
        var containerId = Assert.Single(_h.Runtime.StartedIds);
        Assert.Equal([containerId], _h.Runtime.RemovedIds);
        Assert.Empty(_h.Scheduler.Scheduled);
    }

    [Fact]
    public async Task ProvisionAsync_LeavesTheOtherLeaseStored_WhenLeaseIdIsAlreadyTaken()
    {
        var other = TakeIdWhenContainerStarts();

        await Assert.ThrowsAsync<InvalidOperationException>(() => _h.ProvisionAsync(TimeSpan.FromHours(1)));

        Assert.Empty(_h.Store.Deleted);
        Assert.Equal(other(), _h.Store.Find(other()!.Id));
    }

    [Fact]
    public async Task ProvisionAsync_ReturnsTheAdoptedLease_WhenASweepAdoptedItsContainerFirst()
    {
        Lease? adopted = null;
        _h.Runtime.OnStart = spec =>
        {
            // A sweep during a slow provision rebuilds the lease from the new container's labels.
            var container = new ManagedContainer(_h.Runtime.StartedIds[^1], spec.Labels, _h.Time.GetUtcNow());
            adopted = LeaseLabels.ToLease(container, _h.Time.GetUtcNow())! with { Version = 1 };
            _h.Store.Seed(adopted);
        };

        var lease = await _h.ProvisionAsync(TimeSpan.FromHours(1));

        Assert.Equal(adopted, lease);
        Assert.Empty(_h.Runtime.RemovedIds);
        Assert.Empty(_h.Store.Deleted);
    }

    [Fact]
    public async Task ProvisionAsync_RefusesPastTheActiveQuota_AndStartsNothing()
    {
        _h.Options.MaxActivePerUser = 1;
        await _h.ProvisionAsync(TimeSpan.FromHours(1));

        var ex = await Assert.ThrowsAsync<QuotaExceededException>(() => _h.ProvisionAsync(TimeSpan.FromHours(1)));

        Assert.Equal(QuotaExceededException.ActiveLeases, ex.Limit);
        Assert.Single(_h.Runtime.StartedIds);
    }

    [Fact]
    public async Task ProvisionAsync_CountsOnlyActiveLeasesTowardsTheQuota()
    {
        _h.Options.MaxActivePerUser = 1;
        var first = await _h.ProvisionAsync(TimeSpan.FromHours(1));
        await _h.Endings.TerminateAsync(first.Id, LeaseServiceHarness.Caller);

        await _h.ProvisionAsync(TimeSpan.FromHours(1));

        Assert.Equal(2, _h.Runtime.StartedIds.Count);
    }

    [Fact]
    public async Task ProvisionAsync_CountsAProvisionStillUnderWay_SoTwoRacingCannotBothPass()
    {
        _h.Options.MaxActivePerUser = 1;
        Exception? second = null;
        _h.Runtime.OnStart = _ =>
        {
            // The second request arrives while the first's container starts and before its record is stored.
            _h.Runtime.OnStart = null;
            second = Record.ExceptionAsync(() => _h.ProvisionAsync(TimeSpan.FromHours(1))).GetAwaiter().GetResult();
        };

        await _h.ProvisionAsync(TimeSpan.FromHours(1));

        Assert.Equal(QuotaExceededException.ActiveLeases, Assert.IsType<QuotaExceededException>(second).Limit);
        Assert.Single(_h.Runtime.StartedIds);
        Assert.Equal(0, _h.Store.HoldCount);
    }

    [Fact]
    public async Task ProvisionAsync_GivesItsQuotaHoldBack_WhenItFails()
    {
        _h.Options.MaxActivePerUser = 1;
        _h.Runtime.StartFailure = new DependencyUnavailableException(DependencyUnavailableException.Docker, "down");
        await Assert.ThrowsAsync<DependencyUnavailableException>(() => _h.ProvisionAsync(TimeSpan.FromHours(1)));
        Assert.Equal(0, _h.Store.HoldCount);

        _h.Runtime.StartFailure = null;
        await _h.ProvisionAsync(TimeSpan.FromHours(1));

        Assert.Single(_h.Runtime.StartedIds);
    }

    [Fact]
    public async Task ProvisionAsync_GivesItsQuotaHoldBack_WhenTheRecordCannotBeStored()
    {
        _h.Options.MaxActivePerUser = 1;
        _h.Store.AddFailure = new DependencyUnavailableException(DependencyUnavailableException.Store, "down");
        await Assert.ThrowsAsync<DependencyUnavailableException>(() => _h.ProvisionAsync(TimeSpan.FromHours(1)));
        Assert.Equal(0, _h.Store.HoldCount);

        _h.Store.AddFailure = null;
        await _h.ProvisionAsync(TimeSpan.FromHours(1));

        Assert.Equal(2, _h.Runtime.StartedIds.Count);
    }

    [Fact]
    public async Task ProvisionAsync_PastTheProvisionTimeout_IsUndoneAndRefused()
    {
        _h.Runtime.OnStart = _ => _h.Time.Advance(_h.Options.ProvisionTimeout + TimeSpan.FromSeconds(1));

        var ex = await Assert.ThrowsAsync<DependencyUnavailableException>(() => _h.ProvisionAsync(TimeSpan.FromHours(1)));

        Assert.Contains("took longer than 10 minutes", ex.Message, StringComparison.Ordinal);
        Assert.Equal(_h.Runtime.StartedIds, _h.Runtime.RemovedIds);
        Assert.Equal(0, _h.Store.Count);
        Assert.Equal(0, _h.Store.HoldCount);
    }

    /// <summary>Plays another writer that stores a lease under the new lease's id the moment its container starts.</summary>
    private Func<Lease?> TakeIdWhenContainerStarts()
    {
        Lease? other = null;
        _h.Runtime.OnStart = spec =>
        {
            other = new Lease
            {
                Id = LeaseId.Parse(spec.Labels[LeaseLabels.LeaseId]),
                ContainerId = "someone-elses-container",
                ImageType = "python",
                Owner = "bob",
                CreatedAt = _h.Time.GetUtcNow(),
                ExpiresAt = _h.Time.GetUtcNow().AddHours(1),
                Version = 1,
            };
            _h.Store.Seed(other);
        };
        return () => other;
    }
}
