using ContainerLease.Domain.Errors;
using ContainerLease.Domain.Leases;
using ContainerLease.Domain.Tests.Fakes;

namespace ContainerLease.Domain.Tests;

public sealed class LeasePortsTests
{
    private readonly LeaseServiceHarness _h = new();
    private readonly FakeContainerAddresses _addresses = new();
    private readonly LeasePorts _ports;
    private readonly LeaseLinks _links;

    public LeasePortsTests()
    {
        _h.Image.Network = "bridge";
        _h.Image.Ports.Add("8080");
        _ports = new LeasePorts(_h.Store, _h.Catalog, _addresses, _h.Time);
        _links = new LeaseLinks(_h.Store, _h.Events, _h.Time);
    }

    [Fact]
    public async Task TheOwnerAnAdminAndALinkHolder_AreRoutedToTheContainersAddress()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromHours(1));
        _addresses.Addresses[lease.ContainerId] = "172.30.0.5";

        foreach (var caller in new LeaseCaller?[] { LeaseServiceHarness.Caller, LeaseServiceHarness.Admin, null })
        {
            var route = await _ports.OpenAsync(lease.Id.Value, 8080, caller);
            Assert.Equal(PortRouteStatus.Open, route.Status);
            Assert.Equal(new Uri("http://172.30.0.5:8080/"), route.Destination);
        }

        Assert.Equal([8080], _ports.PortsOf(lease));
    }

    [Fact]
    public async Task EachRefusal_HasItsOwnStatus()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromHours(1));

        Assert.Equal(PortRouteStatus.Unreachable, (await _ports.OpenAsync(lease.Id.Value, 8080, LeaseServiceHarness.Caller)).Status);
        _addresses.Addresses[lease.ContainerId] = "172.30.0.5";
        Assert.Equal(PortRouteStatus.NoPort, (await _ports.OpenAsync(lease.Id.Value, 8081, LeaseServiceHarness.Caller)).Status);
        Assert.Equal(PortRouteStatus.NoLease, (await _ports.OpenAsync(lease.Id.Value, 8080, new LeaseCaller("bob", IsAdmin: false))).Status);
        Assert.Equal(PortRouteStatus.NoLease, (await _ports.OpenAsync("not-a-lease", 8080, LeaseServiceHarness.Caller)).Status);

        await new LeasePauses(_h.Store, new FakeContainerPause(_h.Runtime), _h.Events, _h.Time).PauseAsync(lease.Id, LeaseServiceHarness.Caller);
        var paused = await _ports.OpenAsync(lease.Id.Value, 8080, null);
        Assert.Equal(PortRouteStatus.Paused, paused.Status);
        Assert.Contains("resumed", paused.Detail, StringComparison.Ordinal);

        await _h.Endings.TerminateAsync(lease.Id, LeaseServiceHarness.Caller);
        Assert.Equal(PortRouteStatus.NoLease, (await _ports.OpenAsync(lease.Id.Value, 8080, null)).Status);
    }

    [Fact]
    public async Task RevokingLinks_StopsThoseMadeBefore_NotTheOwnersOwnAccess_NorLinksMadeAfter()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromHours(1));
        _addresses.Addresses[lease.ContainerId] = "172.30.0.5";
        var madeBefore = _h.Time.GetUtcNow();
        _h.Time.Advance(TimeSpan.FromSeconds(1));

        var revoked = await _links.RevokeAsync(lease.Id, LeaseServiceHarness.Caller);

        Assert.Equal(_h.Time.GetUtcNow(), revoked.LinksRevokedAt);
        Assert.Equal(new LeaseEvent(_h.Time.GetUtcNow(), LeaseEvent.LinksRevoked, $"by {LeaseServiceHarness.Caller.Name}", LeaseServiceHarness.Caller.Name), revoked.History[^1]);
        Assert.Equal(lease.Id, _h.Events.Changed[^1]);
        var refused = await _ports.OpenAsync(lease.Id.Value, 8080, caller: null, madeBefore);
        Assert.Equal(PortRouteStatus.LinkRevoked, refused.Status);
        Assert.Contains("ask the lease's owner for a new one", refused.Detail, StringComparison.Ordinal);
        Assert.Equal(PortRouteStatus.LinkRevoked, (await _ports.OpenAsync(lease.Id.Value, 8080, caller: null, _h.Time.GetUtcNow())).Status);
        Assert.Equal(PortRouteStatus.Open, (await _ports.OpenAsync(lease.Id.Value, 8080, LeaseServiceHarness.Caller)).Status);

        _h.Time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(PortRouteStatus.Open, (await _ports.OpenAsync(lease.Id.Value, 8080, caller: null, _h.Time.GetUtcNow())).Status);
    }

    [Fact]
    public async Task RevokingLinks_IsRefused_ForAnotherUser_AndAnEndedLease()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromHours(1));

        await Assert.ThrowsAsync<LeaseNotFoundException>(() => _links.RevokeAsync(lease.Id, new LeaseCaller("bob", IsAdmin: false)));
        Assert.Null((await _h.Store.GetAsync(lease.Id))!.LinksRevokedAt);
        Assert.NotNull((await _links.RevokeAsync(lease.Id, LeaseServiceHarness.Admin)).LinksRevokedAt);

        await _h.Endings.TerminateAsync(lease.Id, LeaseServiceHarness.Caller);
        var ended = await Assert.ThrowsAsync<LeaseConflictException>(() => _links.RevokeAsync(lease.Id, LeaseServiceHarness.Caller));
        Assert.Contains("its links stopped with it", ended.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AShareLink_EndsAtItsLifetime_OrTheLeasesExpiry_WhicheverComesFirst()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromHours(1));

        var (_, shortOne) = await _ports.ShareAsync(lease.Id, 8080, LeaseServiceHarness.Caller, TimeSpan.FromMinutes(10));
        var (_, longOne) = await _ports.ShareAsync(lease.Id, 8080, LeaseServiceHarness.Admin, TimeSpan.FromHours(5));
        var (_, untilTheEnd) = await _ports.ShareAsync(lease.Id, 8080, LeaseServiceHarness.Caller, lifetime: null);

        Assert.Equal(LeaseServiceHarness.Start.AddMinutes(10), shortOne);
        Assert.Equal(lease.ExpiresAt, longOne);
        Assert.Equal(lease.ExpiresAt, untilTheEnd);
    }

    [Fact]
    public async Task SharingIsRefused_ForAnotherUser_AnUnlistedPort_ANonPositiveLifetime_AndAnEndedLease()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromHours(1));

        await Assert.ThrowsAsync<LeaseNotFoundException>(() => _ports.ShareAsync(lease.Id, 8080, new LeaseCaller("bob", IsAdmin: false), null));
        var port = await Assert.ThrowsAsync<PortNotServedException>(() => _ports.ShareAsync(lease.Id, 9090, LeaseServiceHarness.Caller, null));
        Assert.Equal($"Lease {lease.Id} serves no port 9090.", port.Message);
        await Assert.ThrowsAsync<LeaseValidationException>(() => _ports.ShareAsync(lease.Id, 8080, LeaseServiceHarness.Caller, TimeSpan.Zero));

        await _h.Endings.TerminateAsync(lease.Id, LeaseServiceHarness.Caller);
        await Assert.ThrowsAsync<LeaseConflictException>(() => _ports.ShareAsync(lease.Id, 8080, LeaseServiceHarness.Caller, null));
    }
}
