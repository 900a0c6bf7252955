using ContainerLease.Domain.Errors;
using ContainerLease.Domain.Leases;
using ContainerLease.Domain.Tests.Fakes;

namespace ContainerLease.Domain.Tests;

/// <summary>The container's name carries the lease's expiry and owner, and follows an extension.</summary>
public sealed class LeaseNameTests
{
    private readonly LeaseServiceHarness _h = new();

    [Fact]
    public void ANameReadsBackAsTheLeaseItWasMadeFor()
    {
        var lease = new Lease
        {
            Id = LeaseId.New(),
            ContainerId = "c",
            ImageType = "python",
            Owner = "ann.b-c_d",
            CreatedAt = LeaseServiceHarness.Start,
            ExpiresAt = LeaseServiceHarness.Start.AddMinutes(90).AddMilliseconds(123),
        };

        var name = LeaseName.For(lease);

        Assert.Equal($"containerlease-{lease.Id}-{lease.ExpiresAt.ToUnixTimeMilliseconds()}-ann.b-c_d", name);
        Assert.True(LeaseName.TryRead("/" + name, out var id, out var expiresAt, out var owner));
        Assert.Equal((lease.Id, lease.ExpiresAt, "ann.b-c_d"), (id, expiresAt, owner));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("containerlease-0123456789abcdef0123456789abcdef")]
    [InlineData("containerlease-0123456789abcdef0123456789abcdef-12-")]
    [InlineData("containerlease-0123456789abcdef0123456789abcdef--alice")]
    [InlineData("containerlease-0123456789ABCDEF0123456789abcdef-12-alice")]
    [InlineData("containerlease-0123456789abcdef0123456789abcdef-1e3-alice")]
    [InlineData("other-0123456789abcdef0123456789abcdef-12-alice")]
    public void OtherNames_CarryNoLease(string? name) => Assert.False(LeaseName.TryRead(name, out _, out _, out _));

    [Fact]
    public async Task AProvisionedContainer_IsNamedForItsLease_AndAnExtensionRenamesIt()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromHours(1));
        Assert.Equal(LeaseName.For(lease), Assert.Single(_h.Runtime.Started).Name);

        var extended = await _h.Service.ExtendAsync(lease.Id, TimeSpan.FromMinutes(30), LeaseServiceHarness.Caller);

        Assert.Equal((lease.ContainerId, LeaseName.For(extended)), Assert.Single(_h.Runtime.Renames));
        Assert.Contains(extended.ExpiresAt.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture), LeaseName.For(extended), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnExtensionStands_WhenTheEngineCannotRename_AndTheSweepRenamesLater()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromHours(1));
        _h.Runtime.Unavailable = true;
        var extended = await _h.Service.ExtendAsync(lease.Id, TimeSpan.FromMinutes(30), LeaseServiceHarness.Caller);
        Assert.Equal(extended.ExpiresAt, _h.Stored(lease.Id).ExpiresAt);
        Assert.Empty(_h.Runtime.Renames);

        _h.Runtime.Unavailable = false;
        _h.Time.Advance(TimeSpan.FromMinutes(1));
        var report = await _h.Sweeper.SweepAsync();

        Assert.Equal(1, report.Renamed);
        Assert.Equal((lease.ContainerId, LeaseName.For(extended)), Assert.Single(_h.Runtime.Renames));
        Assert.Equal(0, (await _h.Sweeper.SweepAsync()).Renamed);
    }

    [Fact]
    public async Task AfterTheStoreLosesEverything_TheSweepAdoptsAnExtendedLease_AtItsNewExpiry()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromHours(1));
        var extended = await _h.Service.ExtendAsync(lease.Id, TimeSpan.FromMinutes(30), LeaseServiceHarness.Caller);
        await _h.Store.DeleteAsync(lease.Id);

        _h.Time.Advance(TimeSpan.FromMinutes(61)); // past the first expiry, which the labels still say
        var report = await _h.Sweeper.SweepAsync();

        Assert.Equal(1, report.Adopted);
        Assert.Equal(0, report.OrphansRemoved);
        var adopted = _h.Stored(lease.Id);
        Assert.Equal(extended.ExpiresAt, adopted.ExpiresAt);
        Assert.Equal("rebuilt from the container's labels and name", adopted.History[^1].Detail);
    }
}
