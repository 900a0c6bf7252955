using ContainerLease.Domain.Sweeping;
using ContainerLease.Tests.Integration.Infrastructure;
using Docker.DotNet.Models;

namespace ContainerLease.Tests.Integration.Faults;

/// <summary>Fault 4: a container is removed behind the app's back.</summary>
[Collection(SharedApp.Name)]
public sealed class ContainerGoneTests(AppFixture app)
{
    [Fact]
    public async Task Sweep_EndsLeaseAsGone_WhenItsContainerWasRemovedOutsideTheApp()
    {
        var lease = await app.ProvisionAsync(seconds: 120);

        // The sweep leaves leases younger than the provisioning grace alone (their record may be in flight).
        await Task.Delay(LeaseSweeper.ProvisionGrace);
        await app.Docker.Containers.RemoveContainerAsync(lease.ContainerId, new ContainerRemoveParameters { Force = true });

        await Eventually.TrueAsync(async () => (await app.GetLeaseAsync(lease.LeaseId)).Status == "gone", TimeSpan.FromSeconds(10), "the lease ends as gone");
        var read = await app.GetLeaseAsync(lease.LeaseId);
        Assert.Equal("gone", read.EndReason);
        Assert.Contains(read.History!, e => e.Kind == "gone");
    }
}
