using ContainerLease.Domain.Leases;
using ContainerLease.Domain.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;

namespace ContainerLease.Domain.Tests;

public sealed class LeaseWarningsTests
{
    private readonly LeaseServiceHarness _h = new();
    private readonly LeaseWarnings _warnings;

    public LeaseWarningsTests() =>
        _warnings = new LeaseWarnings(_h.Options, _h.Store, _h.Events, _h.Time, NullLogger<LeaseWarnings>.Instance);

    [Fact]
    public async Task WarnAsync_WarnsOncePerDeadline_WhenItsJobRunsTwice()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromMinutes(10));
        _h.Time.Advance(TimeSpan.FromMinutes(5));

        var first = await _warnings.WarnAsync(lease.Id, lease.ExpiresAt, TimeSpan.FromMinutes(5));
        var again = await _warnings.WarnAsync(lease.Id, lease.ExpiresAt, TimeSpan.FromMinutes(5));

        Assert.Equal((WarnOutcome.Warned, WarnOutcome.AlreadyWarned), (first, again));
        var stored = _h.Stored(lease.Id);
        Assert.Single(stored.History, e => e.Kind == LeaseEvent.Expiring);
        Assert.Equal(LeaseEvent.Expiring, stored.LastEvent!.Kind);
        Assert.Equal("system", stored.LastEvent.Actor);
        Assert.Equal(2, _h.Events.Changed.Count); // provisioned, then the warning
    }

    [Fact]
    public async Task WarnAsync_SkipsALongerLead_AfterAShorterOneOfTheSameDeadline()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromMinutes(10));
        _h.Time.Advance(TimeSpan.FromMinutes(9.5));

        Assert.Equal(WarnOutcome.Warned, await _warnings.WarnAsync(lease.Id, lease.ExpiresAt, TimeSpan.FromMinutes(1)));
        Assert.Equal(WarnOutcome.AlreadyWarned, await _warnings.WarnAsync(lease.Id, lease.ExpiresAt, TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public async Task WarnAsync_IsStale_ForADeadlineAnExtensionReplaced_AndWarnsForTheNewOne()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromMinutes(10));
        _h.Time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(WarnOutcome.Warned, await _warnings.WarnAsync(lease.Id, lease.ExpiresAt, TimeSpan.FromMinutes(5)));
        var extended = await _h.Service.ExtendAsync(lease.Id, TimeSpan.FromMinutes(15), LeaseServiceHarness.Caller);

        Assert.Equal(WarnOutcome.Stale, await _warnings.WarnAsync(lease.Id, lease.ExpiresAt, TimeSpan.FromMinutes(1)));
        _h.Time.Advance(TimeSpan.FromMinutes(15));
        Assert.Equal(WarnOutcome.Warned, await _warnings.WarnAsync(lease.Id, extended.ExpiresAt, TimeSpan.FromMinutes(5)));
        Assert.Equal(2, _h.Stored(lease.Id).History.Count(e => e.Kind == LeaseEvent.Expiring));
    }

    [Fact]
    public async Task WarnAsync_SendsNothing_ForAnEndedLease()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromMinutes(10));
        await _h.Endings.TerminateAsync(lease.Id, LeaseServiceHarness.Caller);

        Assert.Equal(WarnOutcome.Ended, await _warnings.WarnAsync(lease.Id, lease.ExpiresAt, TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public void LeadsAhead_LeavesOutWarningsLongerThanWhatIsLeft()
    {
        var now = _h.Time.GetUtcNow();

        Assert.Equal([TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(1)], _warnings.LeadsAhead(now + TimeSpan.FromMinutes(10)));
        Assert.Equal([TimeSpan.FromMinutes(1)], _warnings.LeadsAhead(now + TimeSpan.FromMinutes(3)));
        Assert.Empty(_warnings.LeadsAhead(now + TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void Warnings_AreLongestFirst_WithoutZeros()
    {
        _h.Options.WarnBefore = [TimeSpan.FromSeconds(30), TimeSpan.Zero, TimeSpan.FromMinutes(2)];

        Assert.Equal([TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(30)], _h.Options.Warnings);
    }

    [Fact]
    public async Task Terminate_RecordsWhoEndedIt_AndAnExpiryRecordsNobody()
    {
        var terminated = await _h.ProvisionAsync(TimeSpan.FromMinutes(10));
        var expiring = await _h.ProvisionAsync(TimeSpan.FromMinutes(1));

        await _h.Endings.TerminateAsync(terminated.Id, LeaseServiceHarness.Admin);
        _h.Time.Advance(TimeSpan.FromMinutes(1));
        await _h.Endings.ExpireAsync(expiring.Id, expiring.ExpiresAt);

        Assert.Equal("root", _h.Stored(terminated.Id).LastEvent!.Actor);
        Assert.Equal("system", _h.Stored(expiring.Id).LastEvent!.Actor);
        Assert.Equal("alice", _h.Stored(expiring.Id).History[0].Actor);
    }
}
