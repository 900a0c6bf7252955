using ContainerLease.Domain.Errors;
using ContainerLease.Domain.Leases;
using ContainerLease.Domain.Tests.Fakes;

namespace ContainerLease.Domain.Tests;

public sealed class LeaseHistoryTests
{
    private static readonly DateTimeOffset Start = LeaseServiceHarness.Start;

    private readonly LeaseServiceHarness _h = new();

    private static Lease NewLease() => new()
    {
        Id = LeaseId.New(),
        ContainerId = "c1",
        ImageType = "python",
        Owner = "alice",
        CreatedAt = Start,
        ExpiresAt = Start.AddHours(1),
        Version = 4,
    };

    private static LeaseEvent Entry(int n) => new(Start.AddSeconds(n), LeaseEvent.ReapFailed, $"attempt {n}: boom");

    [Fact]
    public async Task ProvisionAsync_WritesAProvisionedEntry_NamingTheImageItRan_WhenRequestIsValid()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromMinutes(5));

        var digest = "sha256:" + new string('f', 64);
        Assert.Equal([new LeaseEvent(Start, LeaseEvent.Provisioned, $"python for 5 minutes, image {digest}", "alice")], lease.History);
        Assert.Equal(digest, lease.ImageDigest);
        Assert.Equal(lease.History, _h.Stored(lease.Id).History);
    }

    [Fact]
    public async Task ExtendAsync_AppendsAnExtendedEntryWithFromAndTo_WhenExtended()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromHours(1));
        _h.Time.Advance(TimeSpan.FromMinutes(10));

        var extended = await _h.Service.ExtendAsync(lease.Id, TimeSpan.FromMinutes(30), LeaseServiceHarness.Caller);

        Assert.Equal(2, extended.History.Count);
        Assert.Equal(lease.History[0], extended.History[0]);
        Assert.Equal(
            new LeaseEvent(
                Start.AddMinutes(10),
                LeaseEvent.Extended,
                "by 30 minutes, from 2025-01-06T10:00:00.0000000+00:00 to 2025-01-06T10:30:00.0000000+00:00",
                "alice"),
            extended.History[1]);
        Assert.Equal(extended.History, _h.Stored(lease.Id).History);
    }

    [Fact]
    public async Task ExtendAsync_WritesNoEntry_WhenTheExtensionIsRefused()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromHours(1));

        await Assert.ThrowsAsync<LeaseValidationException>(() => _h.Service.ExtendAsync(lease.Id, TimeSpan.FromHours(4), LeaseServiceHarness.Caller));

        Assert.Equal(LeaseEvent.Provisioned, Assert.Single(_h.Stored(lease.Id).History).Kind);
    }

    [Fact]
    public async Task TerminateAsync_AppendsATerminatedEntryAtTheEndTime_WhenActive()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromHours(1));
        _h.Time.Advance(TimeSpan.FromMinutes(7));

        var ended = await _h.Endings.TerminateAsync(lease.Id, LeaseServiceHarness.Caller);

        Assert.Equal([LeaseEvent.Provisioned, "terminated"], ended.History.Select(e => e.Kind));
        Assert.Equal(new LeaseEvent(Start.AddMinutes(7), "terminated", null, "alice"), ended.History[^1]);
        Assert.Equal(ended.EndedAt, ended.History[^1].At);
    }

    [Fact]
    public async Task ExpireAsync_AppendsAnExpiredEntry_WhenDue()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromMinutes(5));
        _h.Time.Advance(TimeSpan.FromMinutes(5));

        await _h.Endings.ExpireAsync(lease.Id, lease.ExpiresAt);

        Assert.Equal(
            [LeaseEvent.Provisioned, "expired"],
            _h.Stored(lease.Id).History.Select(e => e.Kind));
        Assert.Equal(lease.ExpiresAt, _h.Stored(lease.Id).History[^1].At);
    }

    [Fact]
    public async Task MarkGoneAsync_AppendsAGoneEntry_WhenTheLeaseIsActive()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromHours(1));
        _h.Time.Advance(TimeSpan.FromMinutes(2));

        await _h.Endings.MarkGoneAsync(lease.Id);

        Assert.Equal(
            [LeaseEvent.Provisioned, "gone"],
            _h.Stored(lease.Id).History.Select(e => e.Kind));
        Assert.Equal(Start.AddMinutes(2), _h.Stored(lease.Id).History[^1].At);
    }

    [Fact]
    public async Task TerminateAsync_WritesTheEndEntryOnlyOnce_WhenCalledTwice()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromHours(1));
        await _h.Endings.TerminateAsync(lease.Id, LeaseServiceHarness.Caller);

        var again = await _h.Endings.TerminateAsync(lease.Id, LeaseServiceHarness.Caller);

        Assert.Single(again.History, e => e.Kind == "terminated");
    }

    [Fact]
    public async Task RecordReapFailureAsync_AppendsAReapFailedEntryWithAttemptAndError_WhenLeaseIsActive()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromMinutes(5));
        _h.Time.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(3));

        await _h.Endings.RecordReapFailureAsync(lease.Id, 3, "engine down");

        var stored = _h.Stored(lease.Id);
        Assert.Equal(2, stored.History.Count);
        Assert.Equal(new LeaseEvent(lease.ExpiresAt.AddSeconds(3), LeaseEvent.ReapFailed, "attempt 3: engine down"), stored.History[1]);
        Assert.Equal(2, stored.Version);
        Assert.Equal(LeaseStatus.Active, stored.Status);
        Assert.Equal(lease.ExpiresAt, stored.ExpiresAt);
    }

    [Fact]
    public async Task RecordReapFailureAsync_AppendsAndKeepsTheLeaseEnding_WhenLeaseIsEnding()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromMinutes(5));
        _h.Time.Advance(TimeSpan.FromMinutes(5));
        _h.Runtime.Unavailable = true;
        await Assert.ThrowsAsync<DependencyUnavailableException>(() => _h.Endings.ExpireAsync(lease.Id, lease.ExpiresAt));

        await _h.Endings.RecordReapFailureAsync(lease.Id, 1, "The fake engine is down.");

        var stored = _h.Stored(lease.Id);
        Assert.Equal(LeaseStatus.Ending, stored.Status);
        Assert.Equal(EndReason.Expired, stored.EndReason);
        Assert.Equal("attempt 1: The fake engine is down.", stored.History[^1].Detail);
        Assert.Equal(LeaseEvent.ReapFailed, stored.History[^1].Kind);
    }

    [Fact]
    public async Task RecordReapFailureAsync_DoesNothing_WhenLeaseHasEnded()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromHours(1));
        await _h.Endings.TerminateAsync(lease.Id, LeaseServiceHarness.Caller);
        var ended = _h.Stored(lease.Id);
        var updates = _h.Store.Updates.Count;

        await _h.Endings.RecordReapFailureAsync(lease.Id, 2, "late failure");

        Assert.Same(ended, _h.Store.Find(lease.Id));
        Assert.Equal(updates, _h.Store.Updates.Count);
        Assert.DoesNotContain(ended.History, e => e.Kind == LeaseEvent.ReapFailed);
    }

    [Fact]
    public async Task RecordReapFailureAsync_DoesNothing_WhenLeaseIsMissing()
    {
        await _h.Endings.RecordReapFailureAsync(LeaseId.New(), 1, "no such lease");

        Assert.Equal(0, _h.Store.Count);
        Assert.Empty(_h.Store.Updates);
        Assert.Equal(0, _h.Store.AddCalls);
    }

    [Fact]
    public async Task RecordReapFailureAsync_AppendsOnTheNewerCopy_WhenAnotherWriterChangedTheLeaseMeanwhile()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromHours(1));
        _h.Store.BeforeUpdate = l =>
        {
            _h.Store.BeforeUpdate = null;
            _h.Store.Seed(_h.Stored(l.Id) with { ExpiresAt = lease.ExpiresAt.AddMinutes(20), Version = 2 });
        };

        await _h.Endings.RecordReapFailureAsync(lease.Id, 1, "boom");

        var stored = _h.Stored(lease.Id);
        Assert.Equal(lease.ExpiresAt.AddMinutes(20), stored.ExpiresAt);
        Assert.Equal(3, stored.Version);
        Assert.Single(stored.History, e => e.Kind == LeaseEvent.ReapFailed);
    }

    [Fact]
    public async Task RecordReapFailureAsync_KeepsOnlyTheNewestMaxHistoryEntries_WhenItFailsManyTimes()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromMinutes(5));

        for (var attempt = 1; attempt <= 25; attempt++)
        {
            await _h.Endings.RecordReapFailureAsync(lease.Id, attempt, "boom");
        }

        var history = _h.Stored(lease.Id).History;
        Assert.Equal(Lease.MaxHistory, history.Count);
        Assert.DoesNotContain(history, e => e.Kind == LeaseEvent.Provisioned);
        Assert.Equal(
            Enumerable.Range(6, Lease.MaxHistory).Select(n => $"attempt {n}: boom"),
            history.Select(e => e.Detail));
    }

    [Fact]
    public void Record_AppendsTheEntryLastAndLeavesTheOriginalAlone_WhenBelowTheCap()
    {
        var lease = NewLease().Record(Entry(1));

        var recorded = lease.Record(Entry(2));

        Assert.Equal([Entry(1), Entry(2)], recorded.History);
        Assert.Equal([Entry(1)], lease.History);
        Assert.Equal(lease.Version, recorded.Version);
    }

    [Fact]
    public void Record_KeepsExactlyMaxHistoryEntries_WhenTheCapIsReached()
    {
        var lease = NewLease();
        for (var n = 1; n <= Lease.MaxHistory; n++)
        {
            lease = lease.Record(Entry(n));
        }

        Assert.Equal(Lease.MaxHistory, lease.History.Count);
        Assert.Equal(Entry(1), lease.History[0]);
    }

    [Fact]
    public void Record_DropsTheOldestEntries_WhenPastMaxHistory()
    {
        var lease = NewLease();
        for (var n = 1; n <= Lease.MaxHistory + 5; n++)
        {
            lease = lease.Record(Entry(n));
        }

        Assert.Equal(Enumerable.Range(6, Lease.MaxHistory).Select(Entry), lease.History);
    }

    [Theory]
    [InlineData(EndReason.Expired, "expired")]
    [InlineData(EndReason.Terminated, "terminated")]
    [InlineData(EndReason.Gone, "gone")]
    public void Finish_RecordsTheEndReasonAtTheEndTime_WhenEnding(EndReason reason, string kind)
    {
        var at = Start.AddMinutes(30);

        var ended = NewLease().Record(Entry(1)).BeginEnding(reason).Finish(at);

        Assert.Equal([Entry(1), new LeaseEvent(at, kind, null)], ended.History);
    }

    [Fact]
    public void Finish_RecordsExpired_WhenNoReasonWasSet()
    {
        var ended = NewLease().Finish(Start);

        Assert.Equal([new LeaseEvent(Start, "expired", null)], ended.History);
    }

    [Fact]
    public void Finish_StaysWithinMaxHistory_WhenTheHistoryIsFull()
    {
        var lease = NewLease();
        for (var n = 1; n <= Lease.MaxHistory; n++)
        {
            lease = lease.Record(Entry(n));
        }

        var ended = lease.BeginEnding(EndReason.Terminated).Finish(Start.AddHours(1));

        Assert.Equal(Lease.MaxHistory, ended.History.Count);
        Assert.Equal(Entry(2), ended.History[0]);
        Assert.Equal("terminated", ended.History[^1].Kind);
    }
}
