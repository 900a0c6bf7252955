using ContainerLease.Domain.Errors;
using ContainerLease.Domain.Leases;
using ContainerLease.Domain.Tests.Fakes;

namespace ContainerLease.Domain.Tests;

public sealed class AdoptAndMarkGoneTests
{
    private static readonly DateTimeOffset Start = LeaseServiceHarness.Start;

    private readonly LeaseServiceHarness _h = new();

    private static Lease FromLabels(LeaseId id, string containerId, DateTimeOffset expiresAt) => new()
    {
        Id = id,
        ContainerId = containerId,
        ImageType = "redis",
        Owner = "bob",
        CreatedAt = Start.AddMinutes(-10),
        ExpiresAt = expiresAt,
        History = [new LeaseEvent(Start, LeaseEvent.Adopted, "rebuilt from the container's labels")],
    };

    [Fact]
    public async Task AdoptAsync_StoresTheLeaseAndSchedulesItsExpiry_WhenNoRecordExists()
    {
        var adopted = FromLabels(LeaseId.New(), "c-7", Start.AddMinutes(20));

        var result = await _h.Provisioner.AdoptAsync(adopted);

        Assert.True(result);
        var stored = _h.Stored(adopted.Id);
        Assert.Equal(adopted with { Version = 1 }, stored);
        Assert.Equal([new ScheduledJob(adopted.Id, adopted.ExpiresAt)], _h.Scheduler.Scheduled);
        Assert.Empty(_h.Runtime.Removals);
    }

    [Fact]
    public async Task AdoptAsync_ReturnsFalseAndSchedulesNothing_WhenARecordWithThatIdAlreadyExists()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromHours(1));
        var before = _h.Stored(lease.Id);

        var result = await _h.Provisioner.AdoptAsync(FromLabels(lease.Id, "another-container", Start.AddMinutes(20)));

        Assert.False(result);
        Assert.Equal([new ScheduledJob(lease.Id, lease.ExpiresAt)], _h.Scheduler.Scheduled);
        Assert.Same(before, _h.Store.Find(lease.Id));
        Assert.Empty(_h.Runtime.Removals);
    }

    [Fact]
    public async Task AdoptAsync_ReturnsFalseAndSchedulesNothing_WhenTheRecordHasEnded()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromHours(1));
        await _h.Endings.TerminateAsync(lease.Id, LeaseServiceHarness.Admin);
        var ended = _h.Stored(lease.Id);

        var result = await _h.Provisioner.AdoptAsync(FromLabels(lease.Id, lease.ContainerId, lease.ExpiresAt));

        Assert.False(result);
        Assert.Single(_h.Scheduler.Scheduled);
        Assert.Same(ended, _h.Store.Find(lease.Id));
    }

    [Fact]
    public async Task MarkGoneAsync_EndsTheLeaseAsGoneNow_WhenItIsActive()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromHours(1));
        _h.Runtime.Vanish(lease.ContainerId);
        _h.Time.Advance(TimeSpan.FromMinutes(3));

        await _h.Endings.MarkGoneAsync(lease.Id);

        var stored = _h.Stored(lease.Id);
        Assert.Equal(LeaseStatus.Ended, stored.Status);
        Assert.Equal(EndReason.Gone, stored.EndReason);
        Assert.Equal(Start.AddMinutes(3), stored.EndedAt);
        Assert.Equal(3, stored.Version);
        Assert.Equal(lease.ContainerId, Assert.Single(_h.Runtime.Removals).ContainerId);
    }

    [Fact]
    public async Task MarkGoneAsync_FinishesWithTheOriginalReason_WhenTheLeaseIsEnding()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromHours(1));
        _h.Runtime.Unavailable = true;
        await Assert.ThrowsAsync<DependencyUnavailableException>(() => _h.Endings.TerminateAsync(lease.Id, LeaseServiceHarness.Admin));
        _h.Runtime.Unavailable = false;
        _h.Runtime.Vanish(lease.ContainerId);

        await _h.Endings.MarkGoneAsync(lease.Id);

        var stored = _h.Stored(lease.Id);
        Assert.Equal(LeaseStatus.Ended, stored.Status);
        Assert.Equal(EndReason.Terminated, stored.EndReason);
        Assert.Equal("terminated", stored.History[^1].Kind);
    }

    [Fact]
    public async Task MarkGoneAsync_DoesNothing_WhenTheLeaseIsMissing()
    {
        await _h.Endings.MarkGoneAsync(LeaseId.New());

        Assert.Equal(0, _h.Store.Count);
        Assert.Empty(_h.Store.Updates);
        Assert.Empty(_h.Runtime.Removals);
    }

    [Fact]
    public async Task MarkGoneAsync_DoesNothing_WhenTheLeaseHasEnded()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromHours(1));
        await _h.Endings.TerminateAsync(lease.Id, LeaseServiceHarness.Admin);
        var ended = _h.Stored(lease.Id);
        var updates = _h.Store.Updates.Count;
        _h.Time.Advance(TimeSpan.FromMinutes(1));

        await _h.Endings.MarkGoneAsync(lease.Id);

        Assert.Same(ended, _h.Store.Find(lease.Id));
        Assert.Equal(EndReason.Terminated, ended.EndReason);
        Assert.Equal(updates, _h.Store.Updates.Count);
        Assert.Single(_h.Runtime.Removals);
    }

    [Fact]
    public async Task MarkGoneAsync_RetriesOnTheNewerCopy_WhenAnotherWriterChangedTheLeaseMeanwhile()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromHours(1));
        _h.Runtime.Vanish(lease.ContainerId);
        _h.Store.BeforeUpdate = l =>
        {
            _h.Store.BeforeUpdate = null;
            _h.Store.Seed(_h.Stored(l.Id) with { ExpiresAt = lease.ExpiresAt.AddMinutes(20), Version = 2 });
        };

        await _h.Endings.MarkGoneAsync(lease.Id);

        var stored = _h.Stored(lease.Id);
        Assert.Equal(EndReason.Gone, stored.EndReason);
        Assert.Equal(LeaseStatus.Ended, stored.Status);
        Assert.Equal(lease.ExpiresAt.AddMinutes(20), stored.ExpiresAt);
    }
}
