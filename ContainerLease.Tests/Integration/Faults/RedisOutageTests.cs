using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ContainerLease.Tests.Integration.Infrastructure;

namespace ContainerLease.Tests.Integration.Faults;

/// <summary>Fault 3: Redis is down during a provision.</summary>
public sealed class RedisOutageTests : PrivateApp
{
    [Fact]
    public async Task Provision_Answers503AndLeavesNoContainer_WhileRedisIsDown_ThenWorksWhenItReturns()
    {
        using var client = App.CreateClient();
        var warmUp = await client.PostAsJsonAsync("/api/provision", new { imageType = "sleeper", durationSeconds = 60 });
        Assert.Equal(HttpStatusCode.Created, warmUp.StatusCode);
        var kept = (await warmUp.Content.ReadFromJsonAsync<LeaseResponse>())!;

        await Redis.StopAsync();
        var response = await client.PostAsJsonAsync("/api/provision", new { imageType = "sleeper", durationSeconds = 60 });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        using (var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()))
        {
            Assert.Contains("lease store", problem.RootElement.GetProperty("title").GetString(), StringComparison.Ordinal);
        }

        Assert.Equal([kept.ContainerId], (await Cleanup.ContainersAsync(Docker, Installation)).Select(c => c.ID));

        await Redis.RestartAsync();
        HttpStatusCode status = default;
        await Eventually.TrueAsync(
            async () =>
            {
                using var retry = await client.PostAsJsonAsync("/api/provision", new { imageType = "sleeper", durationSeconds = 60 });
                status = retry.StatusCode;
                Assert.True(status is HttpStatusCode.Created or HttpStatusCode.ServiceUnavailable, $"unexpected {status}");
                return status == HttpStatusCode.Created;
            },
            TimeSpan.FromSeconds(20),
            "provisioning works again without restarting the app");

        // One container for the lease made before the outage and one for the new lease; every failed try left nothing.
        Assert.Equal(2, (await Cleanup.ContainersAsync(Docker, Installation)).Count);
    }

    [Fact]
    public async Task TheAnswerWhileRedisIsDown_SaysWhatToDo_AndRevealsNothingOfRedis()
    {
        using var client = App.CreateClient();
        await Redis.StopAsync();

        using var response = await client.GetAsync("/api/containers");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var detail = problem.RootElement.GetProperty("detail").GetString();
        Assert.Equal("The lease store is not answering; try again shortly.", detail);
        Assert.False(string.IsNullOrEmpty(problem.RootElement.GetProperty("traceId").GetString()));
        var body = problem.RootElement.GetRawText();
        foreach (var secret in new[] { "SMEMBERS", "containerlease:", "StackExchange", "127.0.0.1", Redis.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "IOCP", "WORKER" })
        {
            Assert.DoesNotContain(secret, body, StringComparison.OrdinalIgnoreCase);
        }
    }
}
