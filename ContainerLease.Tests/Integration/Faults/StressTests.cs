using System.Net.Http.Json;
using ContainerLease.Tests.Integration.Infrastructure;

namespace ContainerLease.Tests.Integration.Faults;

/// <summary>Fault 7, as the original design asked: many short leases provisioned at once, all reaped, none early, none leaked.</summary>
[Collection(SharedApp.Name)]
public sealed class StressTests(AppFixture app)
{
    private const int Leases = 100;

    [Fact]
    public async Task HundredConcurrentShortLeases_AreAllReapedOnTime_AndNothingLeaks()
    {
        await using var events = new ContainerEvents(app.Docker, app.InstallationId);

        var leases = await Task.WhenAll(Enumerable.Range(0, Leases).Select(async i =>
        {
            using var response = await app.Client.PostAsJsonAsync("/api/provision", new { imageType = "sleeper", durationSeconds = 5 + (i % 10) });
            Assert.True(response.IsSuccessStatusCode, $"provision {i} answered {response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            return (await response.Content.ReadFromJsonAsync<LeaseResponse>())!;
        }));

        var ids = leases.Select(l => l.ContainerId).ToHashSet();
        await Eventually.TrueAsync(
            async () => !(await app.ContainersAsync()).Any(c => ids.Contains(c.ID)),
            TimeSpan.FromSeconds(120),
            "every container is removed from the engine");

        // The engine's own destroy time where its event stream told us. Under load dockerd drops
        // events for a subscriber that is slow to take them (its pubsub waits 100 ms), so a missed
        // one is judged by when the app ended the lease instead.
        foreach (var lease in leases)
        {
            var read = await app.GetLeaseAsync(lease.LeaseId);
            Assert.Equal("expired", read.Status);
            var removedAt = events.Destroyed.TryGetValue(lease.ContainerId, out var destroyed) ? destroyed : read.EndedAt!.Value;
            Assert.True(removedAt >= lease.ExpiresAt, $"lease {lease.LeaseId} was reaped at {removedAt:o}, before {lease.ExpiresAt:o}");
        }
    }
}
