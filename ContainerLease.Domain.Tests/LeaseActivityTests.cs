using ContainerLease.Domain.Errors;
using ContainerLease.Domain.Leases;
using ContainerLease.Domain.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;

namespace ContainerLease.Domain.Tests;

public sealed class LeaseActivityTests
{
    private readonly LeaseServiceHarness _h = new();
    private readonly LeaseActivity _activity;

    public LeaseActivityTests() => _activity = new LeaseActivity(_h.Store, _h.Time, NullLogger<LeaseActivity>.Instance);

    [Fact]
    public async Task NoteAsync_WritesAtMostOncePerInterval_ThenAgain()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromHours(1));
        _h.Time.Advance(TimeSpan.FromMinutes(3));

        await _activity.NoteAsync(lease.Id);
        var afterFirst = _h.Stored(lease.Id);
        _h.Time.Advance(TimeSpan.FromSeconds(2));
        await _activity.NoteAsync(lease.Id);
        await _activity.NoteAsync(lease.Id);

        Assert.Equal(afterFirst.Version, _h.Stored(lease.Id).Version);
        Assert.Equal(lease.CreatedAt + TimeSpan.FromMinutes(3), afterFirst.LastActivityAt);

        _h.Time.Advance(LeaseActivity.WriteEvery);
        await _activity.NoteAsync(lease.Id);
        Assert.Equal(lease.CreatedAt + TimeSpan.FromMinutes(3) + TimeSpan.FromSeconds(2) + LeaseActivity.WriteEvery, _h.Stored(lease.Id).LastActivityAt);
        Assert.DoesNotContain(_h.Stored(lease.Id).History, e => e.Kind != LeaseEvent.Provisioned);
    }

    [Fact]
    public async Task IdleAt_CountsFromCreation_ThenFromTheLastActivity()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromHours(1));
        _h.Time.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(TimeSpan.FromMinutes(4), _h.Stored(lease.Id).IdleAt(_h.Time.GetUtcNow()));

        await _activity.NoteAsync(lease.Id);
        _h.Time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(TimeSpan.FromMinutes(1), _h.Stored(lease.Id).IdleAt(_h.Time.GetUtcNow()));
    }

    [Fact]
    public async Task AnExtension_IsActivity()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromHours(1));
        _h.Time.Advance(TimeSpan.FromMinutes(7));

        var extended = await _h.Service.ExtendAsync(lease.Id, TimeSpan.FromMinutes(5), LeaseServiceHarness.Caller);

        Assert.Equal(TimeSpan.Zero, extended.IdleAt(_h.Time.GetUtcNow()));
    }

    [Fact]
    public async Task TouchAsync_WritesAtOnce_ForItsOwner_AndRefusesOthersAndEndedLeases()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromHours(1));
        await _activity.NoteAsync(lease.Id);
        _h.Time.Advance(TimeSpan.FromSeconds(1));

        var touched = await _activity.TouchAsync(lease.Id, LeaseServiceHarness.Caller);

        Assert.Equal(_h.Time.GetUtcNow(), touched.LastActivityAt);
        await Assert.ThrowsAsync<LeaseNotFoundException>(() => _activity.TouchAsync(lease.Id, new LeaseCaller("bob", IsAdmin: false)));
        await _h.Endings.TerminateAsync(lease.Id, LeaseServiceHarness.Caller);
        await Assert.ThrowsAsync<LeaseConflictException>(() => _activity.TouchAsync(lease.Id, LeaseServiceHarness.Caller));
    }

    [Fact]
    public async Task NoteAsync_DoesNothing_ForAnEndedOrMissingLease()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromHours(1));
        await _h.Endings.TerminateAsync(lease.Id, LeaseServiceHarness.Caller);
        var ended = _h.Stored(lease.Id);

        await _activity.NoteAsync(lease.Id);
        await _activity.NoteAsync(LeaseId.New());

        Assert.Equal(ended, _h.Stored(lease.Id));
    }
}
