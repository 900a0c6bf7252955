using System.Net;
using System.Net.Http.Json;
using ContainerLease.Tests.Integration.Infrastructure;

namespace ContainerLease.Tests.Integration;

/// <summary>
/// A burst of provisions from one user, sent all at once as a script would, against a quota of 5:
/// exactly 5 leases and 15 answers of 429, whether the requests reach one instance or two, and
/// with Redis or the in-process store.
/// </summary>
public sealed class QuotaBurstTests : PrivateInstallation
{
    private const int Quota = 5;
    private const int Burst = 20;

    [Fact]
    public async Task BurstOnOneInstance_WithRedis_CreatesExactlyTheQuota()
    {
        await using var app = new LeaseApp(QuotaSettings(Settings));
        using var client = app.CreateClient();

        await AssertExactlyTheQuotaAsync(Enumerable.Repeat(client, Burst));
    }

    [Fact]
    public async Task BurstOnOneInstance_WithTheInProcessStore_CreatesExactlyTheQuota()
    {
        var settings = QuotaSettings(Settings);
        settings["ConnectionStrings:Redis"] = string.Empty;
        await using var app = new LeaseApp(settings);
        using var client = app.CreateClient();

        await AssertExactlyTheQuotaAsync(Enumerable.Repeat(client, Burst));
    }

    [Fact]
    public async Task BurstSplitAcrossTwoInstances_CreatesExactlyTheQuota()
    {
        var settings = QuotaSettings(Settings);
        await using var a = await AppProcess.StartAsync(settings);
        await using var b = await AppProcess.StartAsync(settings);

        await AssertExactlyTheQuotaAsync(Enumerable.Range(0, Burst).Select(i => i % 2 == 0 ? a.Client : b.Client));
    }

    private static Dictionary<string, string?> QuotaSettings(Dictionary<string, string?> settings)
    {
        settings["Leases:MaxActivePerUser"] = Quota.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return settings;
    }

    private async Task AssertExactlyTheQuotaAsync(IEnumerable<HttpClient> clients)
    {
        using var go = new SemaphoreSlim(0);
        var requests = clients.Select(async client =>
        {
            await go.WaitAsync();
            using var response = await client.PostAsJsonAsync("/api/provision", new { imageType = "sleeper", durationSeconds = 120 });
            return response.StatusCode;
        }).ToList();
        go.Release(requests.Count);

        var answers = await Task.WhenAll(requests);

        Assert.Equal(Quota, answers.Count(s => s == HttpStatusCode.Created));
        Assert.Equal(Burst - Quota, answers.Count(s => s == HttpStatusCode.TooManyRequests));
        Assert.Equal(Quota, (await Cleanup.ContainersAsync(Docker, Installation)).Count);
    }
}
