using System.Net;
using System.Net.Http.Json;
using ContainerLease.Domain.Ports;
using ContainerLease.Tests.Integration.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ContainerLease.Tests.Integration;

/// <summary>The warm pool on the real engine and Redis: members kept ready, claimed at once, never twice, even by two instances racing.</summary>
public sealed class WarmPoolTests : PrivateApp
{
    private const int Size = 4;

    protected override void Configure(Dictionary<string, string?> settings) =>
        settings["Catalog:Images:sleeper:WarmPool:Size"] = Size.ToString(System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task TwoInstancesRacing_NeverGetTheSameMember_EachClaimedContainerCarriesItsLease_AndThePoolIsToppedUp()
    {
        await using var second = new LeaseApp(Settings.Concat(new Dictionary<string, string?> { ["Catalog:Images:sleeper:WarmPool:Size"] = "4" }).ToDictionary());
        using var one = App.CreateClient();
        using var two = second.CreateClient();
        var members = await ReadyMembersAsync(Size);

        var leases = await Task.WhenAll(Enumerable.Range(0, Size).Select(i => ProvisionAsync(i % 2 == 0 ? one : two)));

        Assert.All(leases, l => Assert.True(l.FromPool, $"lease {l.LeaseId} was not from the pool"));
        Assert.Equal(Size, leases.Select(l => l.ContainerId).Distinct().Count());
        Assert.Subset(members.ToHashSet(), leases.Select(l => l.ContainerId).ToHashSet());
        foreach (var lease in leases)
        {
            var container = await Docker.Containers.InspectContainerAsync(lease.ContainerId);
            Assert.Equal($"/containerlease-{lease.LeaseId}-{lease.ExpiresAt.ToUnixTimeMilliseconds()}-alice", container.Name);
        }

        // The pool is made whole again, and members appear in nobody's list.
        var refilled = await ReadyMembersAsync(Size, exclude: members);
        Assert.Equal(Size, refilled.Count);
        var listed = (await one.GetFromJsonAsync<LeaseListResponse>("/api/containers"))!;
        Assert.Equal(Size, listed.Total);

        foreach (var lease in leases)
        {
            (await one.DeleteAsync($"/api/leases/{lease.LeaseId}")).EnsureSuccessStatusCode();
        }
    }

    private static async Task<LeaseResponse> ProvisionAsync(HttpClient client)
    {
        using var response = await client.PostAsJsonAsync("/api/provision", new { imageType = "sleeper", durationSeconds = 120 });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<LeaseResponse>())!;
    }

    /// <summary>Waits until the pool offers <paramref name="count"/> members (other than <paramref name="exclude"/>), each a running pool container, and returns their ids.</summary>
    private async Task<List<string>> ReadyMembersAsync(int count, IReadOnlyCollection<string>? exclude = null)
    {
        var pool = App.Services.GetRequiredService<IWarmPool>();
        List<string> members = [];
        await Eventually.TrueAsync(async () =>
        {
            members = [.. (await pool.ReadyAsync("sleeper")).Where(id => exclude?.Contains(id) != true)];
            return members.Count >= count;
        }, TimeSpan.FromSeconds(30), $"the pool offers {count} members");
        foreach (var id in members)
        {
            var container = await Docker.Containers.InspectContainerAsync(id);
            Assert.True(container.State.Running);
            Assert.StartsWith("/containerlease-pool-sleeper-", container.Name, StringComparison.Ordinal);
            Assert.Equal("sleeper", container.Config.Labels["containerlease.pool"]);
            Assert.False(container.Config.Labels.ContainsKey("containerlease.lease-id"));
        }

        return members;
    }
}
