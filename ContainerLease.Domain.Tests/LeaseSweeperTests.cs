using ContainerLease.Domain.Errors;
using ContainerLease.Domain.Leases;
using ContainerLease.Domain.Sweeping;
using ContainerLease.Domain.Tests.Fakes;

namespace ContainerLease.Domain.Tests;

public sealed class LeaseSweeperTests
{
    /// <summary>Old enough that the sweep no longer takes it for a provision under way.</summary>
    private static readonly TimeSpan Settled = LeaseSweeper.ProvisionGrace + TimeSpan.FromSeconds(1);

    private static readonly DateTimeOffset Start = LeaseServiceHarness.Start;

    private readonly LeaseServiceHarness _h = new();

    [Fact]
    public async Task SweepAsync_AdoptsTheContainerFromItsLabels_WhenItHasNoLeaseRecordAndIsNotYetDue()
    {
        var id = LeaseId.New();
        var expiresAt = Start.AddMinutes(30);
        var container = _h.PlantFor(id, expiresAt, Settled);

        var report = await _h.SweepAsync();

        Assert.Equal(SweepReport.Empty with { Containers = 1, Adopted = 1 }, report);
        var adopted = _h.Stored(id);
        Assert.Equal(container.Id, adopted.ContainerId);
        Assert.Equal("bob", adopted.Owner);
        Assert.Equal("redis", adopted.ImageType);
        Assert.Equal(expiresAt, adopted.ExpiresAt);
        Assert.Equal(container.CreatedAt, adopted.CreatedAt);
        Assert.Equal(LeaseStatus.Active, adopted.Status);
        Assert.Null(adopted.EndReason);
        Assert.Equal(1, adopted.Version);
        Assert.Equal([new ScheduledJob(id, expiresAt)], _h.Scheduler.Scheduled);
        var entry = Assert.Single(adopted.History);
        Assert.Equal(LeaseEvent.Adopted, entry.Kind);
        Assert.Equal(Start, entry.At);
        Assert.True(_h.Runtime.IsRunning(container.Id));
        Assert.Empty(_h.Runtime.Removals);
    }

    [Fact]
    public async Task ExpireAsync_RemovesTheAdoptedContainer_WhenItsLabelledExpiryComes()
    {
        var id = LeaseId.New();
        var expiresAt = Start.AddMinutes(30);
        var container = _h.PlantFor(id, expiresAt, Settled);
        await _h.SweepAsync();
        _h.Time.Advance(TimeSpan.FromMinutes(30));

        var outcome = await _h.Endings.ExpireAsync(id, Assert.Single(_h.Scheduler.Scheduled).ExpiresAt);

        Assert.Equal(ExpireOutcome.Expired, outcome);
        Assert.Equal([container.Id], _h.Runtime.RemovedIds);
        Assert.Equal(LeaseStatus.Ended, _h.Stored(id).Status);
        Assert.Equal(EndReason.Expired, _h.Stored(id).EndReason);
    }

    [Fact]
    public async Task SweepAsync_RemovesTheOrphanAndStoresNothing_WhenItHasNoLeaseRecordAndItsLabelledExpiryHasPassed()
    {
        var container = _h.PlantFor(LeaseId.New(), Start.AddMinutes(-1), TimeSpan.FromHours(1));

        var report = await _h.SweepAsync();

        Assert.Equal(SweepReport.Empty with { Containers = 1, OrphansRemoved = 1 }, report);
        Assert.Equal([container.Id], _h.Runtime.RemovedIds);
        Assert.False(_h.Runtime.IsRunning(container.Id));
        Assert.Equal(0, _h.Store.AddCalls);
        Assert.Equal(0, _h.Store.Count);
        Assert.Empty(_h.Scheduler.Scheduled);
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(0, false)]
    [InlineData(-1, false)]
    public async Task SweepAsync_AdoptsOnlyWhileTheLabelledExpiryIsAhead_WhenItHasNoLeaseRecord(int millisecondsAhead, bool adopted)
    {
        var id = LeaseId.New();
        var container = _h.PlantFor(id, Start.AddMilliseconds(millisecondsAhead), Settled);

        var report = await _h.SweepAsync();

        Assert.Equal(adopted ? 1 : 0, report.Adopted);
        Assert.Equal(adopted ? 0 : 1, report.OrphansRemoved);
        Assert.Equal(adopted, _h.Runtime.IsRunning(container.Id));
        Assert.Equal(adopted, _h.Store.Find(id) is not null);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(9)]
    public async Task SweepAsync_LeavesTheContainerAlone_WhenItIsYoungerThanProvisionGrace(int ageSeconds)
    {
        var age = TimeSpan.FromSeconds(ageSeconds);
        var due = _h.PlantFor(LeaseId.New(), Start.AddMinutes(-1), age);
        var notDue = _h.PlantFor(LeaseId.New(), Start.AddMinutes(30), age);

        var report = await _h.SweepAsync();

        Assert.Equal(SweepReport.Empty with { Containers = 2, Young = 2 }, report);
        Assert.True(_h.Runtime.IsRunning(due.Id));
        Assert.True(_h.Runtime.IsRunning(notDue.Id));
        Assert.Empty(_h.Runtime.Removals);
        Assert.Equal(0, _h.Store.AddCalls);
        Assert.Empty(_h.Scheduler.Scheduled);
    }

    [Fact]
    public async Task SweepAsync_ReconcilesTheContainer_WhenItIsExactlyProvisionGraceOld()
    {
        var id = LeaseId.New();
        _h.PlantFor(id, Start.AddMinutes(30), LeaseSweeper.ProvisionGrace);

        var report = await _h.SweepAsync();

        Assert.Equal(SweepReport.Empty with { Containers = 1, Adopted = 1 }, report);
        Assert.NotNull(_h.Store.Find(id));
    }

    [Fact]
    public async Task SweepAsync_LeavesAProvisionUnderWayAlone_WhenItRunsBetweenContainerStartAndLeaseStore()
    {
        Task<SweepReport>? during = null;
        _h.Runtime.OnStart = _ =>
        {
            // A slow start: the container is 9 s old and its lease is not stored yet when the sweep looks.
            _h.Time.Advance(TimeSpan.FromSeconds(9));
            during = _h.SweepAsync();
        };

        var lease = await _h.ProvisionAsync(TimeSpan.FromMinutes(5));

        Assert.NotNull(during);
        Assert.Equal(SweepReport.Empty with { Containers = 1, Young = 1 }, await during);
        Assert.Equal(1, _h.Store.AddCalls);
        Assert.Equal(LeaseStatus.Active, _h.Stored(lease.Id).Status);
        Assert.Equal(LeaseEvent.Provisioned, Assert.Single(_h.Stored(lease.Id).History).Kind);
        Assert.True(_h.Runtime.IsRunning(lease.ContainerId));
        Assert.Empty(_h.Runtime.Removals);
        Assert.Equal([new ScheduledJob(lease.Id, lease.ExpiresAt)], _h.Scheduler.Scheduled);
    }

    [Fact]
    public async Task SweepAsync_DoesNotEndTheLease_WhenItIsYoungerThanProvisionGraceAndItsContainerIsNotListed()
    {
        var lease = _h.SeedActive("not-listed-yet", TimeSpan.FromSeconds(9), TimeSpan.FromMinutes(5));

        var report = await _h.SweepAsync();

        Assert.Equal(SweepReport.Empty, report);
        Assert.Same(lease, _h.Store.Find(lease.Id));
        Assert.Empty(_h.Runtime.Removals);
    }

    [Theory]
    [InlineData(-5)]
    [InlineData(30)]
    public async Task SweepAsync_NeverListsNorTouchesTheContainer_WhenItIsNotThisInstallationsManagedContainer(int expiresInMinutes)
    {
        var expiresAt = Start.AddMinutes(expiresInMinutes);
        var otherInstallation = _h.Plant(LeaseServiceHarness.LabelsFor(LeaseId.New(), expiresAt, installationId: "other-install"), TimeSpan.FromHours(1));
        var notManagedLabels = LeaseServiceHarness.LabelsFor(LeaseId.New(), expiresAt);
        notManagedLabels[LeaseLabels.Managed] = "false";
        var notManaged = _h.Plant(notManagedLabels, TimeSpan.FromHours(1));
        var unlabelledLabels = LeaseServiceHarness.LabelsFor(LeaseId.New(), expiresAt);
        unlabelledLabels.Remove(LeaseLabels.Managed);
        var unlabelled = _h.Plant(unlabelledLabels, TimeSpan.FromHours(1));

        var report = await _h.SweepAsync();

        Assert.Equal(SweepReport.Empty, report);
        Assert.True(_h.Runtime.IsRunning(otherInstallation.Id));
        Assert.True(_h.Runtime.IsRunning(notManaged.Id));
        Assert.True(_h.Runtime.IsRunning(unlabelled.Id));
        Assert.Empty(_h.Runtime.Removals);
        Assert.Equal(0, _h.Store.AddCalls);
        Assert.Empty(_h.Scheduler.Scheduled);
    }

    [Fact]
    public async Task SweepAsync_EndsTheLeaseAsGoneSayingWhy_AndRemovesTheRest_WhenTheRuntimeListsItsContainerAsLost()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromHours(1));
        _h.Runtime.Lose(lease.ContainerId, "its node worker-2 is down");
        _h.Time.Advance(Settled);

        var report = await _h.SweepAsync();

        Assert.Equal(SweepReport.Empty with { Containers = 1, Gone = 1 }, report);
        var stored = _h.Stored(lease.Id);
        Assert.Equal((LeaseStatus.Ended, EndReason.Gone), (stored.Status, stored.EndReason));
        Assert.Equal(("gone", "its node worker-2 is down"), (stored.History[^1].Kind, stored.History[^1].Detail));
        Assert.Equal([lease.ContainerId], _h.Runtime.RemovedIds);
    }

    [Fact]
    public async Task SweepAsync_RemovesALostContainer_WhenNoLeaseRecordNamesIt()
    {
        var container = _h.PlantFor(LeaseId.New(), Start.AddMinutes(30), Settled);
        _h.Runtime.Lose(container.Id, "its task ended");

        var report = await _h.SweepAsync();

        Assert.Equal(SweepReport.Empty with { Containers = 1, OrphansRemoved = 1 }, report);
        Assert.Equal([container.Id], _h.Runtime.RemovedIds);
        Assert.Equal(0, _h.Store.Count);
    }

    [Fact]
    public async Task SweepAsync_EndsTheLeaseAsGone_WhenItsContainerVanishedAndItIsOlderThanProvisionGrace()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromHours(1));
        _h.Runtime.Vanish(lease.ContainerId);
        _h.Time.Advance(Settled);

        var report = await _h.SweepAsync();

        Assert.Equal(SweepReport.Empty with { Gone = 1 }, report);
        var stored = _h.Stored(lease.Id);
        Assert.Equal(LeaseStatus.Ended, stored.Status);
        Assert.Equal(EndReason.Gone, stored.EndReason);
        Assert.Equal(Start + Settled, stored.EndedAt);
        Assert.Equal("gone", stored.History[^1].Kind);
        Assert.False(Assert.Single(_h.Runtime.Removals).Existed);
    }

    [Theory]
    [InlineData(9, false)]
    [InlineData(10, true)]
    public async Task SweepAsync_EndsALeaseWithoutContainerOnlyOnceProvisionGraceHasPassed_WhenItsContainerVanished(int ageSeconds, bool gone)
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromHours(1));
        _h.Runtime.Vanish(lease.ContainerId);
        _h.Time.Advance(TimeSpan.FromSeconds(ageSeconds));

        var report = await _h.SweepAsync();

        Assert.Equal(gone ? 1 : 0, report.Gone);
        Assert.Equal(gone ? LeaseStatus.Ended : LeaseStatus.Active, _h.Stored(lease.Id).Status);
    }

    [Fact]
    public async Task SweepAsync_ExpiresTheLeaseNow_WhenItIsPastExpiryAndItsContainerStillRuns()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromMinutes(5));
        _h.Time.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(20));

        var report = await _h.SweepAsync();

        Assert.Equal(SweepReport.Empty with { Containers = 1, Expired = 1 }, report);
        Assert.Equal([lease.ContainerId], _h.Runtime.RemovedIds);
        Assert.True(Assert.Single(_h.Runtime.Removals).At >= lease.ExpiresAt);
        var stored = _h.Stored(lease.Id);
        Assert.Equal(LeaseStatus.Ended, stored.Status);
        Assert.Equal(EndReason.Expired, stored.EndReason);
        Assert.Equal(lease.ExpiresAt.AddSeconds(20), stored.EndedAt);
        Assert.Equal("expired", stored.History[^1].Kind);
    }

    [Fact]
    public async Task SweepAsync_ChangesNothing_WhenTheLeaseIsActiveNotDueAndItsContainerRuns()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromMinutes(5));
        _h.Time.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromMilliseconds(1));

        var report = await _h.SweepAsync();

        Assert.Equal(SweepReport.Empty with { Containers = 1 }, report);
        Assert.Empty(_h.Runtime.Removals);
        Assert.Empty(_h.Store.Updates);
        Assert.Equal(LeaseStatus.Active, _h.Stored(lease.Id).Status);
    }

    [Fact]
    public async Task SweepAsync_KeepsTheContainer_WhenItsLabelledExpiryHasPassedButTheLeaseWasExtended()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromMinutes(5));
        var extended = await _h.Service.ExtendAsync(lease.Id, TimeSpan.FromMinutes(10), LeaseServiceHarness.Caller);
        _h.Time.Advance(TimeSpan.FromMinutes(6));

        var report = await _h.SweepAsync();

        Assert.Equal(SweepReport.Empty with { Containers = 1 }, report);
        Assert.True(_h.Runtime.IsRunning(lease.ContainerId));
        Assert.Empty(_h.Runtime.Removals);
        Assert.Equal(extended.ExpiresAt, _h.Stored(lease.Id).ExpiresAt);
    }

    [Fact]
    public async Task SweepAsync_FinishesTheEndingLeaseWithItsReason_WhenItsContainerStillRuns()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromHours(1));
        _h.Runtime.Unavailable = true;
        await Assert.ThrowsAsync<DependencyUnavailableException>(() => _h.Endings.TerminateAsync(lease.Id, LeaseServiceHarness.Caller));
        _h.Runtime.Unavailable = false;
        _h.Time.Advance(TimeSpan.FromMinutes(1));

        var report = await _h.SweepAsync();

        Assert.Equal(SweepReport.Empty with { Containers = 1, Expired = 1 }, report);
        Assert.Equal([lease.ContainerId], _h.Runtime.RemovedIds);
        var stored = _h.Stored(lease.Id);
        Assert.Equal(LeaseStatus.Ended, stored.Status);
        Assert.Equal(EndReason.Terminated, stored.EndReason);
        Assert.Equal(Start.AddMinutes(1), stored.EndedAt);
    }

    [Fact]
    public async Task SweepAsync_FinishesTheEndingLeaseWithItsReason_WhenItsContainerVanished()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromHours(1));
        _h.Runtime.Unavailable = true;
        await Assert.ThrowsAsync<DependencyUnavailableException>(() => _h.Endings.TerminateAsync(lease.Id, LeaseServiceHarness.Caller));
        _h.Runtime.Unavailable = false;
        _h.Runtime.Vanish(lease.ContainerId);
        _h.Time.Advance(TimeSpan.FromMinutes(1));

        var report = await _h.SweepAsync();

        Assert.Equal(SweepReport.Empty with { Gone = 1 }, report);
        var stored = _h.Stored(lease.Id);
        Assert.Equal(LeaseStatus.Ended, stored.Status);
        Assert.Equal(EndReason.Terminated, stored.EndReason);
    }

    [Fact]
    public async Task SweepAsync_RemovesTheContainerAsAnOrphanAndKeepsTheRecord_WhenItsLeaseHasEnded()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromHours(1));
        var ended = _h.Stored(lease.Id) with { Status = LeaseStatus.Ended, EndReason = EndReason.Terminated, EndedAt = Start, Version = 2 };
        _h.Store.Seed(ended);
        _h.Time.Advance(Settled);

        var report = await _h.SweepAsync();

        Assert.Equal(SweepReport.Empty with { Containers = 1, OrphansRemoved = 1 }, report);
        Assert.Equal([lease.ContainerId], _h.Runtime.RemovedIds);
        Assert.Same(ended, _h.Store.Find(lease.Id));
        Assert.Empty(_h.Store.Updates);
    }

    [Theory]
    [InlineData(11, true)]
    [InlineData(10, false)]
    public async Task SweepAsync_EndsALeaseWhoseContainerWrotePastItsDiskLimit(int writtenMb, bool ended)
    {
        _h.Image.DiskMb = 10;
        var lease = await _h.ProvisionAsync(TimeSpan.FromHours(1));
        _h.Runtime.Written[lease.ContainerId] = writtenMb * 1024L * 1024L;
        _h.Time.Advance(Settled);

        var report = await _h.SweepAsync();

        Assert.Equal(ended ? 1 : 0, report.DiskLimited);
        Assert.Equal(ended ? LeaseStatus.Ended : LeaseStatus.Active, _h.Stored(lease.Id).Status);
        Assert.Equal(ended ? EndReason.DiskLimit : null, _h.Stored(lease.Id).EndReason);
        Assert.Equal(!ended, _h.Runtime.IsRunning(lease.ContainerId));
    }

    [Fact]
    public async Task SweepAsync_CountsNoOrphan_WhenTheEndedLeasesContainerWasRemovedBetweenTheListingAndTheSweepsRemoval()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromHours(1));
        _h.Store.Seed(_h.Stored(lease.Id) with { Status = LeaseStatus.Ended, EndReason = EndReason.Expired, EndedAt = Start, Version = 2 });
        _h.Time.Advance(Settled);
        _h.Runtime.AfterList = () => _h.Runtime.Vanish(lease.ContainerId); // the lease's own removal got there first

        var report = await _h.SweepAsync();

        Assert.Equal(SweepReport.Empty with { Containers = 1 }, report);
    }

    [Fact]
    public async Task SweepAsync_RemovesTheOtherContainerAndLeavesTheLease_WhenTheLeaseRecordNamesAnotherContainer()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromHours(1));
        var stray = _h.Plant(_h.Runtime.Started[0].Labels, TimeSpan.FromMinutes(1));
        _h.Time.Advance(Settled);
        var before = _h.Stored(lease.Id);

        var report = await _h.SweepAsync();

        Assert.Equal(SweepReport.Empty with { Containers = 2, OrphansRemoved = 1 }, report);
        Assert.Equal([stray.Id], _h.Runtime.RemovedIds);
        Assert.True(_h.Runtime.IsRunning(lease.ContainerId));
        Assert.Same(before, _h.Store.Find(lease.Id));
    }

    [Theory]
    [InlineData(null, "2025-01-06T09:30:00.000Z")]
    [InlineData("not-a-lease-id", "2025-01-06T09:30:00.000Z")]
    [InlineData("0123456789ABCDEF0123456789ABCDEF", "2025-01-06T09:30:00.000Z")]
    [InlineData("0123456789abcdef0123456789abcde", "2025-01-06T09:30:00.000Z")]
    [InlineData("0123456789abcdef0123456789abcdef", null)]
    [InlineData("0123456789abcdef0123456789abcdef", "half past nine")]
    public async Task SweepAsync_RemovesTheContainer_WhenItsLabelsNameNoValidLease(string? leaseId, string? expiresAt)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [LeaseLabels.Managed] = "true",
            [LeaseLabels.Installation] = LeaseServiceHarness.InstallationId,
        };
        if (leaseId is not null)
        {
            labels[LeaseLabels.LeaseId] = leaseId;
        }

        if (expiresAt is not null)
        {
            labels[LeaseLabels.ExpiresAt] = expiresAt;
        }

        var container = _h.Plant(labels, TimeSpan.FromMinutes(1));

        var report = await _h.SweepAsync();

        Assert.Equal(SweepReport.Empty with { Containers = 1, OrphansRemoved = 1 }, report);
        Assert.Equal([container.Id], _h.Runtime.RemovedIds);
        Assert.Equal(0, _h.Store.AddCalls);
        Assert.Empty(_h.Scheduler.Scheduled);
    }

    [Fact]
    public async Task SweepAsync_CountsTheFailureAndDoesTheRest_WhenRemovingOneContainerThrows()
    {
        var failing = _h.PlantFor(LeaseId.New(), Start.AddMinutes(-1), TimeSpan.FromHours(1));
        var orphan = _h.PlantFor(LeaseId.New(), Start.AddMinutes(-1), TimeSpan.FromHours(1));
        var adoptedId = LeaseId.New();
        _h.PlantFor(adoptedId, Start.AddMinutes(30), TimeSpan.FromHours(1));
        var vanished = _h.SeedActive("vanished", TimeSpan.FromHours(1), TimeSpan.FromHours(2));
        _h.Runtime.RemoveFailuresFor[failing.Id] = new DependencyUnavailableException(DependencyUnavailableException.Docker, "remove timed out");

        var report = await _h.SweepAsync();

        Assert.Equal(SweepReport.Empty with { Containers = 3, Adopted = 1, OrphansRemoved = 1, Gone = 1, Failed = 1 }, report);
        Assert.True(_h.Runtime.IsRunning(failing.Id));
        Assert.Equal([orphan.Id], _h.Runtime.RemovedIds);
        Assert.Equal(LeaseStatus.Active, _h.Stored(adoptedId).Status);
        Assert.Equal(EndReason.Gone, _h.Stored(vanished.Id).EndReason);
    }

    [Fact]
    public async Task SweepAsync_RemovesTheContainerThatFailedBefore_WhenTheNextSweepRuns()
    {
        var failing = _h.PlantFor(LeaseId.New(), Start.AddMinutes(-1), TimeSpan.FromHours(1));
        _h.Runtime.RemoveFailuresFor[failing.Id] = new DependencyUnavailableException(DependencyUnavailableException.Docker, "remove timed out");
        Assert.Equal(SweepReport.Empty with { Containers = 1, Failed = 1 }, await _h.SweepAsync());
        _h.Runtime.RemoveFailuresFor.Clear();
        _h.Time.Advance(TimeSpan.FromMinutes(1));

        var report = await _h.SweepAsync();

        Assert.Equal(SweepReport.Empty with { Containers = 1, OrphansRemoved = 1 }, report);
        Assert.Equal([failing.Id], _h.Runtime.RemovedIds);
    }

    [Fact]
    public async Task SweepAsync_CountsTheFailureAndEndsTheOthers_WhenMarkingOneLeaseGoneThrows()
    {
        var failing = _h.SeedActive("vanished-a", TimeSpan.FromHours(1), TimeSpan.FromHours(2));
        var other = _h.SeedActive("vanished-b", TimeSpan.FromHours(1), TimeSpan.FromHours(2));
        _h.Store.BeforeUpdate = l =>
        {
            if (l.Id == failing.Id)
            {
                throw new DependencyUnavailableException(DependencyUnavailableException.Store, "redis timed out");
            }
        };

        var report = await _h.SweepAsync();

        Assert.Equal(SweepReport.Empty with { Gone = 1, Failed = 1 }, report);
        Assert.Same(failing, _h.Store.Find(failing.Id));
        Assert.Equal(LeaseStatus.Ended, _h.Stored(other.Id).Status);
        Assert.Equal(EndReason.Gone, _h.Stored(other.Id).EndReason);
    }

    [Fact]
    public async Task SweepAsync_ThrowsAndEndsNoLease_WhenTheEngineCannotBeListed()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromHours(1));
        _h.Time.Advance(Settled);
        var before = _h.Stored(lease.Id);
        _h.Runtime.Unavailable = true;

        var ex = await Assert.ThrowsAsync<DependencyUnavailableException>(_h.SweepAsync);

        Assert.Equal(DependencyUnavailableException.Docker, ex.Dependency);
        Assert.Same(before, _h.Store.Find(lease.Id));
        Assert.Empty(_h.Store.Updates);
    }

    [Fact]
    public async Task SweepAsync_EndsEveryLeaseWithoutContainer_WhenThereAreMoreThanOnePageOfThem()
    {
        const int count = 501;
        var leases = Enumerable.Range(0, count)
            .Select(i => _h.SeedActive($"vanished-{i}", TimeSpan.FromHours(1), TimeSpan.FromHours(2)))
            .ToList();

        var report = await _h.SweepAsync();

        Assert.Equal(SweepReport.Empty with { Gone = count }, report);
        Assert.All(leases, l => Assert.Equal(EndReason.Gone, _h.Stored(l.Id).EndReason));
        Assert.Equal(0, (await _h.Store.ListActiveAsync(0, 10)).Total);
    }

    [Fact]
    public async Task SweepAsync_DoesNothingTheSecondTime_WhenRunTwiceInARow()
    {
        var healthy = await _h.ProvisionAsync(TimeSpan.FromHours(1));
        var due = await _h.ProvisionAsync(TimeSpan.FromMinutes(5));
        var vanished = await _h.ProvisionAsync(TimeSpan.FromHours(1));
        _h.Runtime.Vanish(vanished.ContainerId);
        _h.Time.Advance(TimeSpan.FromMinutes(5));
        var adoptedId = LeaseId.New();
        _h.PlantFor(adoptedId, _h.Time.GetUtcNow().AddMinutes(30), TimeSpan.FromHours(1));
        _h.PlantFor(LeaseId.New(), Start.AddMinutes(1), TimeSpan.FromHours(1));
        var young = _h.PlantFor(LeaseId.New(), _h.Time.GetUtcNow().AddMinutes(30), TimeSpan.FromSeconds(2));

        var first = await _h.SweepAsync();
        var removals = _h.Runtime.Removals.Count;
        var scheduled = _h.Scheduler.Scheduled.Count;
        var updates = _h.Store.Updates.Count;
        var adds = _h.Store.AddCalls;
        var second = await _h.SweepAsync();

        Assert.Equal(new SweepReport(Containers: 5, Adopted: 1, OrphansRemoved: 1, Expired: 1, Gone: 1, Young: 1, Failed: 0), first);
        Assert.Equal(SweepReport.Empty with { Containers = 3, Young = 1 }, second);
        Assert.Equal(removals, _h.Runtime.Removals.Count);
        Assert.Equal(scheduled, _h.Scheduler.Scheduled.Count);
        Assert.Equal(updates, _h.Store.Updates.Count);
        Assert.Equal(adds, _h.Store.AddCalls);
        Assert.True(_h.Runtime.IsRunning(healthy.ContainerId));
        Assert.True(_h.Runtime.IsRunning(young.Id));
        Assert.Equal(LeaseStatus.Ended, _h.Stored(due.Id).Status);
        Assert.Equal(LeaseStatus.Active, _h.Stored(adoptedId).Status);
    }

    [Fact]
    public async Task SweepAsync_NeverRemovesAContainerBeforeItsExpiry_WhenSweepingEverySevenSeconds()
    {
        var provisioned = await _h.ProvisionAsync(TimeSpan.FromMinutes(5));
        var adoptedExpiry = Start.AddMinutes(3);
        var planted = _h.PlantFor(LeaseId.New(), adoptedExpiry, TimeSpan.FromMinutes(1));
        var expiries = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal)
        {
            [provisioned.ContainerId] = provisioned.ExpiresAt,
            [planted.Id] = adoptedExpiry,
        };
        var step = TimeSpan.FromSeconds(7);

        for (var now = Start; now <= Start.AddMinutes(6); now += step)
        {
            await _h.SweepAsync();
            _h.Time.Advance(step);
        }

        Assert.Equal(2, _h.Runtime.Removals.Count);
        Assert.All(_h.Runtime.Removals, r =>
        {
            Assert.True(r.Existed);
            Assert.True(r.At >= expiries[r.ContainerId], $"{r.ContainerId} was removed at {r.At:O}, before its expiry {expiries[r.ContainerId]:O}.");
            Assert.True(r.At < expiries[r.ContainerId] + step, $"{r.ContainerId} was removed at {r.At:O}, more than one sweep after its expiry.");
        });
    }

    [Fact]
    public async Task SweepAsync_RemovesTheContainerOnceDue_WhenSchedulingItsJobFailedOnAdoption()
    {
        var id = LeaseId.New();
        var expiresAt = Start.AddMinutes(3);
        var container = _h.PlantFor(id, expiresAt, Settled);
        _h.Scheduler.Failure = new DependencyUnavailableException(DependencyUnavailableException.Store, "hangfire down");
        Assert.Equal(SweepReport.Empty with { Containers = 1, Failed = 1 }, await _h.SweepAsync());
        _h.Scheduler.Failure = null;
        _h.Time.Advance(TimeSpan.FromMinutes(3));

        var report = await _h.SweepAsync();

        // The failed adoption was undone, so the due container is an orphan again and is removed.
        Assert.Equal(SweepReport.Empty with { Containers = 1, OrphansRemoved = 1 }, report);
        Assert.Equal([container.Id], _h.Runtime.RemovedIds);
    }

    [Fact]
    public async Task SweepAsync_SchedulesTheAdoptedLeasesExpiry_WhenSchedulingFailedInThePreviousSweep()
    {
        var id = LeaseId.New();
        var expiresAt = Start.AddMinutes(30);
        _h.PlantFor(id, expiresAt, Settled);
        _h.Scheduler.Failure = new DependencyUnavailableException(DependencyUnavailableException.Store, "hangfire down");
        await _h.SweepAsync();
        _h.Scheduler.Failure = null;
        _h.Time.Advance(TimeSpan.FromMinutes(1));

        await _h.SweepAsync();

        Assert.Equal([new ScheduledJob(id, expiresAt)], _h.Scheduler.Scheduled);
    }
}
