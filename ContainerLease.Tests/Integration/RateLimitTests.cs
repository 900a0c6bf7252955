using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ContainerLease.Tests.Integration.Infrastructure;

namespace ContainerLease.Tests.Integration;

/// <summary>
/// Provisioning is a token bucket per user: past the burst, 429 with Retry-After, and nothing is
/// created. Sign-in attempts are capped per address.
/// </summary>
public sealed class RateLimitTests : PrivateApp
{
    protected override void Configure(Dictionary<string, string?> settings)
    {
        settings["RateLimits:ProvisionBurst"] = "2";
        settings["RateLimits:ProvisionsPerMinute"] = "1";
        settings["RateLimits:SignInsPerMinute"] = "3";
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

    [Fact]
    public async Task TheBucket_IsPerUser()
    {
        using var alice = App.CreateClient().As(TestUsers.Alice);
        using var bob = App.CreateClient().As(TestUsers.Bob);
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await alice.PostAsJsonAsync("/api/provision", new { imageType = "sleeper", durationSeconds = 60 })).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await alice.PostAsJsonAsync("/api/provision", new { imageType = "sleeper", durationSeconds = 60 })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await bob.PostAsJsonAsync("/api/provision", new { imageType = "sleeper", durationSeconds = 60 })).StatusCode);
    }

    [Fact]
    public async Task SignIn_PastTheAttemptsPerMinute_Answers429_EvenWithTheRightPassword()
    {
        using var guesser = App.Anonymous();
        for (var i = 0; i < 3; i++)
        {
            using var wrong = await guesser.PostAsync("/login", await Clients.FormAsync(guesser, "/login", new() { ["UserName"] = "alice", ["Password"] = $"guess-{i}" }));
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        }

        using var right = await guesser.PostAsync("/login", await Clients.FormAsync(guesser, "/login", new() { ["UserName"] = "alice", ["Password"] = TestUsers.Alice.Password }));

        Assert.Equal(HttpStatusCode.TooManyRequests, right.StatusCode);
        Assert.NotNull(right.Headers.RetryAfter);
        Assert.Contains("Too many sign-in attempts", await right.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await guesser.GetAsync("/")).StatusCode); // still signed out
    }
}
