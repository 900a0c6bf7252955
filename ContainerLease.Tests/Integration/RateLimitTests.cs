using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ContainerLease.Tests.Integration.Infrastructure;

namespace ContainerLease.Tests.Integration;

/// <summary>Provisioning is a token bucket per user: past the burst, 429 with Retry-After, and nothing is created.</summary>
public sealed class RateLimitTests : PrivateApp
{
    protected override void Configure(Dictionary<string, string?> settings)
    {
        settings["RateLimits:ProvisionBurst"] = "2";
        settings["RateLimits:ProvisionsPerMinute"] = "1";
    }

    [Fact]
    public async Task Provision_Answers429WithRetryAfter_PastTheBurst()
    {
        using var client = App.CreateClient();
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/provision", new { imageType = "sleeper", durationSeconds = 60 })).StatusCode);
        }

        var refused = await client.PostAsJsonAsync("/api/provision", new { imageType = "sleeper", durationSeconds = 60 });

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.InRange(refused.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0, 1, 60);
        using var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Equal("rate", problem.RootElement.GetProperty("limit").GetString());
        Assert.Equal(2, (await Cleanup.ContainersAsync(Docker, Installation)).Count);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/containers")).StatusCode); // reading is not limited
    }
}
