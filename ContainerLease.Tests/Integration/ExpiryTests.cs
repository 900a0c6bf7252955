using System.Net;
using System.Net.Http.Json;
using ContainerLease.Domain.Leases;
using ContainerLease.Mvc.Jobs;
using ContainerLease.Tests.Integration.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ContainerLease.Tests.Integration;

[Collection(SharedApp.Name)]
public sealed class ExpiryTests(AppFixture app)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Expiry_RemovesContainerAndMarksLeaseExpired()
    {
        var lease = await app.ProvisionAsync(seconds: 2);

        await Eventually.TrueAsync(async () => !await app.ContainerExistsAsync(lease.ContainerId), Patience, "the container is removed");
        var removedAt = DateTimeOffset.UtcNow;

        Assert.True(removedAt >= lease.ExpiresAt, "the container was removed before its lease ran out");
        var read = await Ended.ReadAsync(() => app.GetLeaseAsync(lease.LeaseId));
        Assert.Equal("expired", read.Status);
        Assert.Equal("expired", read.EndReason);
        Assert.NotNull(read.EndedAt);
        Assert.True(read.EndedAt >= lease.ExpiresAt);
    }

    [Fact]
    public async Task Delete_RemovesContainerBeforeExpiry()
    {
        var lease = await app.ProvisionAsync(seconds: 300);

        var response = await app.Client.DeleteAsync($"/api/leases/{lease.LeaseId}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.False(await app.ContainerExistsAsync(lease.ContainerId));
        var read = await app.GetLeaseAsync(lease.LeaseId);
        Assert.Equal("terminated", read.Status);
        Assert.Equal(HttpStatusCode.NoContent, (await app.Client.DeleteAsync($"/api/leases/{lease.LeaseId}")).StatusCode);
    }

    [Fact]
    public async Task Extend_KeepsContainerPastFirstExpiry_ThenExpiresAtNewTime()
    {
        var lease = await app.ProvisionAsync(seconds: 2);

        var response = await app.Client.PostAsJsonAsync($"/api/leases/{lease.LeaseId}/extend", new { durationSeconds = 4 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var extended = (await response.Content.ReadFromJsonAsync<LeaseResponse>())!;
        Assert.Equal(lease.ExpiresAt.AddSeconds(4), extended.ExpiresAt);

        // Well past the first expiry (and its job's run), the container must still be there.
        await Task.Delay(lease.ExpiresAt.AddSeconds(2) - DateTimeOffset.UtcNow);
        Assert.True(await app.ContainerExistsAsync(lease.ContainerId), "the old expiry job removed an extended lease");
        Assert.Equal("active", (await app.GetLeaseAsync(lease.LeaseId)).Status);

        await Eventually.TrueAsync(async () => !await app.ContainerExistsAsync(lease.ContainerId), Patience, "the extended lease is reaped");
        Assert.True(DateTimeOffset.UtcNow >= extended.ExpiresAt);
        // The lease is written ended just after its container is gone: a moment may pass in between.
        await Eventually.TrueAsync(async () => (await app.GetLeaseAsync(lease.LeaseId)).Status == "expired", TimeSpan.FromSeconds(10), "the lease says expired");
    }

    [Fact]
    public async Task ExpireJob_RunTwiceAndStale_IsHarmless()
    {
        var lease = await app.ProvisionAsync(seconds: 1);
        using var scope = app.App.Services.CreateScope();
        var job = scope.ServiceProvider.GetRequiredService<ExpireLeaseJob>();

        await job.RunAsync(lease.LeaseId, lease.ExpiresAt.AddSeconds(-30), null, CancellationToken.None); // stale: does nothing
        Assert.True(await app.ContainerExistsAsync(lease.ContainerId));

        await job.RunAsync(lease.LeaseId, lease.ExpiresAt, null, CancellationToken.None);
        await job.RunAsync(lease.LeaseId, lease.ExpiresAt, null, CancellationToken.None);

        Assert.False(await app.ContainerExistsAsync(lease.ContainerId));
        Assert.Equal("expired", (await app.GetLeaseAsync(lease.LeaseId)).Status);
        Assert.True(DateTimeOffset.UtcNow >= lease.ExpiresAt);
    }

    [Fact]
    public async Task Extend_PastMaximum_IsRefusedAndChangesNothing()
    {
        var lease = await app.ProvisionAsync(seconds: 60);

        var response = await app.Client.PostAsJsonAsync($"/api/leases/{lease.LeaseId}/extend", new { durationMinutes = 10 });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadAsStringAsync();
        Assert.Contains("durationMinutes", problem, StringComparison.Ordinal);
        Assert.Equal(lease.ExpiresAt, (await app.GetLeaseAsync(lease.LeaseId)).ExpiresAt);

        await app.Client.DeleteAsync($"/api/leases/{lease.LeaseId}");
        Assert.Equal(HttpStatusCode.Conflict, (await app.Client.PostAsJsonAsync($"/api/leases/{lease.LeaseId}/extend", new { durationSeconds = 5 })).StatusCode);
    }

    [Fact]
    public async Task Concurrent_ShortLeases_AreAllReaped()
    {
        var leases = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => app.ProvisionAsync(seconds: 1 + (i % 3))));

        await Eventually.TrueAsync(
            async () => (await app.ContainersAsync()).All(c => leases.All(l => l.ContainerId != c.ID)),
            TimeSpan.FromSeconds(30),
            "all ten containers are removed");
        foreach (var lease in leases)
        {
            Assert.Equal(nameof(EndReason.Expired).ToLowerInvariant(), (await app.GetLeaseAsync(lease.LeaseId)).Status);
        }
    }
}
