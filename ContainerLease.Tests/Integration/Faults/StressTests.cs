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

        await Eventually.TrueAsync(
            () => Task.FromResult(leases.All(l => events.Destroyed.ContainsKey(l.ContainerId))),
            TimeSpan.FromSeconds(120),
            "every container is destroyed");

        Assert.All(leases, l => Assert.True(events.Destroyed[l.ContainerId] >= l.ExpiresAt, $"lease {l.LeaseId} was reaped before {l.ExpiresAt:o}"));
        var containers = await app.ContainersAsync();
        Assert.DoesNotContain(containers, c => leases.Any(l => l.ContainerId == c.ID));
        foreach (var lease in leases)
        {
            Assert.Equal("expired", (await app.GetLeaseAsync(lease.LeaseId)).Status);
        }
    }
}
