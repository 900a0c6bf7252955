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

        var leases = await Task.WhenAll(Enumerable.Range(0, Size).Select(i => (i % 2 == 0 ? one : two).ProvisionAsync()));

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

    [Fact]
    public async Task AfterRedisLosesEverything_AClaimedAndExtendedMember_IsAdoptedWithItsOwnerAndNewExpiry_AndNeverOfferedAgain()
    {
        using var bob = App.CreateClient().As(TestUsers.Bob);
        await ReadyMembersAsync(Size);
        var lease = await bob.ProvisionAsync();
        Assert.True(lease.FromPool);
        using var extending = await bob.PostAsJsonAsync($"/api/leases/{lease.LeaseId}/extend", new { durationSeconds = 60 });
        var extended = (await extending.Content.ReadFromJsonAsync<LeaseResponse>())!;

        await using (var admin = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{Redis.Port},allowAdmin=true"))
        {
            await admin.GetServers()[0].FlushAllDatabasesAsync();
        }

        await Eventually.TrueAsync(async () => (await bob.GetAsync($"/api/leases/{lease.LeaseId}")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(40), "the sweep adopts the claimed container");
        var adopted = (await bob.GetFromJsonAsync<LeaseResponse>($"/api/leases/{lease.LeaseId}"))!;
        Assert.Equal(("bob", extended.ExpiresAt, true, "active"), (adopted.Owner, adopted.ExpiresAt, adopted.FromPool, adopted.Status));

        // The pool refills from scratch; the claimed container is never offered again.
        var offered = await ReadyMembersAsync(Size);
        Assert.DoesNotContain(lease.ContainerId, offered);
        (await bob.DeleteAsync($"/api/leases/{lease.LeaseId}")).EnsureSuccessStatusCode();
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
