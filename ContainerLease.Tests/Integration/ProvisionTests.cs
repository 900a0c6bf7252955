using System.Net;
using System.Net.Http.Json;
using ContainerLease.Domain.Leases;
using ContainerLease.Tests.Integration.Infrastructure;

namespace ContainerLease.Tests.Integration;

[Collection(SharedApp.Name)]
public sealed class ProvisionTests(AppFixture app)
{
    [Fact]
    public async Task Provision_StartsContainerWithLabelsAndLimits()
    {
        var response = await app.Client.PostAsJsonAsync("/api/provision", new { imageType = "sleeper", durationSeconds = 90 });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var lease = (await response.Content.ReadFromJsonAsync<LeaseResponse>())!;
        Assert.Equal($"/api/leases/{lease.LeaseId}", response.Headers.Location?.OriginalString);
        Assert.Equal("active", lease.Status);
        Assert.Equal(TimeSpan.FromSeconds(90), lease.ExpiresAt - lease.CreatedAt);

        var inspected = await app.Docker.Containers.InspectContainerAsync(lease.ContainerId);
        Assert.True(inspected.State.Running);
        Assert.Equal(TestSettings.Image, inspected.Config.Image);
        Assert.Equal(["sleep", "3600"], inspected.Config.Cmd);
        Assert.Contains("GREETING=hello", inspected.Config.Env);
        var labels = inspected.Config.Labels;
        Assert.Equal("true", labels[LeaseLabels.Managed]);
        Assert.Equal(lease.LeaseId, labels[LeaseLabels.LeaseId]);
        Assert.Equal(app.InstallationId, labels[LeaseLabels.Installation]);
        Assert.Equal(TestUsers.Alice.Name, labels[LeaseLabels.Owner]);
        Assert.Equal(lease.ExpiresAt, DateTimeOffset.Parse(labels[LeaseLabels.ExpiresAt], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(48L * 1024 * 1024, inspected.HostConfig.Memory);
        Assert.Equal(48L * 1024 * 1024, inspected.HostConfig.MemorySwap);
        Assert.Equal(250_000_000L, inspected.HostConfig.NanoCPUs);
        Assert.Equal(16L, inspected.HostConfig.PidsLimit);
        Assert.Equal("none", inspected.HostConfig.NetworkMode);

        await app.Client.DeleteAsync($"/api/leases/{lease.LeaseId}");
    }

    [Fact]
    public async Task Provision_InOriginalMinutesShape_LeasesForThatManyMinutes()
    {
        var response = await app.Client.PostAsJsonAsync("/api/provision", new { imageType = "sleeper", durationMinutes = 2 });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var lease = (await response.Content.ReadFromJsonAsync<LeaseResponse>())!;
        Assert.Equal(TimeSpan.FromMinutes(2), lease.ExpiresAt - lease.CreatedAt);
        Assert.InRange(lease.RemainingSeconds, 115, 120);

        await app.Client.DeleteAsync($"/api/leases/{lease.LeaseId}");
    }

    [Fact]
    public async Task Get_ShowsContainerStateAndHealth_WhenCatalogHasHealthCheck()
    {
        var lease = await app.ProvisionAsync("healthy");

        await Eventually.TrueAsync(async () => (await app.GetLeaseAsync(lease.LeaseId)).Health == "healthy", TimeSpan.FromSeconds(15), "the container reports healthy");
        var read = await app.GetLeaseAsync(lease.LeaseId);
        Assert.Equal("running", read.ContainerState);

        await app.Client.DeleteAsync($"/api/leases/{lease.LeaseId}");
    }

    [Fact]
    public async Task List_ReturnsActiveLeasesInExpiryOrder_WithTotal()
    {
        var later = await app.ProvisionAsync(seconds: 300);
        var sooner = await app.ProvisionAsync(seconds: 200);

        var list = (await app.Client.GetFromJsonAsync<ListJson>("/api/containers?page=1&pageSize=50"))!;

        var ours = list.Items.Where(l => l.LeaseId == later.LeaseId || l.LeaseId == sooner.LeaseId).Select(l => l.LeaseId).ToList();
        Assert.Equal([sooner.LeaseId, later.LeaseId], ours);
        Assert.True(list.Total >= 2);
        Assert.All(list.Items, l => Assert.InRange(l.RemainingSeconds, 1, 600));

        await app.Client.DeleteAsync($"/api/leases/{later.LeaseId}");
        await app.Client.DeleteAsync($"/api/leases/{sooner.LeaseId}");
    }

    private sealed record ListJson(List<LeaseResponse> Items, long Total, int Page, int PageSize);
}
