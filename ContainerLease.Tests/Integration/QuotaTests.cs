using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ContainerLease.Tests.Integration.Infrastructure;

namespace ContainerLease.Tests.Integration;

/// <summary>Per-user quotas: past either limit, 429 problem details that name it, and nothing is created.</summary>
public sealed class QuotaTests : PrivateApp
{
    protected override void Configure(Dictionary<string, string?> settings)
    {
        settings["Leases:MaxActivePerUser"] = "2";
        settings["Leases:MaxMemoryMbPerUser"] = "150"; // the sleeper holds 48 MB, the healthy entry the default 128 MB
    }

    [Fact]
    public async Task Provision_Answers429NamingTheLimit_AndCreatesNothing_WhenAQuotaIsFull()
    {
        using var client = App.CreateClient();
        Assert.Equal(HttpStatusCode.Created, (await Provision(client, "sleeper")).StatusCode);

        var memory = await Provision(client, "healthy"); // 48 + 128 > 150
        await AssertQuotaAsync(memory, "memory");

        Assert.Equal(HttpStatusCode.Created, (await Provision(client, "sleeper")).StatusCode);
        var count = await Provision(client, "sleeper");
        await AssertQuotaAsync(count, "active-leases");

        Assert.Equal(2, (await Cleanup.ContainersAsync(Docker, Installation)).Count);
        Assert.Equal(2, (await client.GetFromJsonAsync<JsonElement>("/api/containers")).GetProperty("total").GetInt64());
    }

    private static Task<HttpResponseMessage> Provision(HttpClient client, string imageType) =>
        client.PostAsJsonAsync("/api/provision", new { imageType, durationSeconds = 120 });

    private static async Task AssertQuotaAsync(HttpResponseMessage response, string limit)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(limit, problem.RootElement.GetProperty("limit").GetString());
        Assert.False(string.IsNullOrWhiteSpace(problem.RootElement.GetProperty("detail").GetString()));
    }
}
