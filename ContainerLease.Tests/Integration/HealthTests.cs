using System.Net;
using System.Text.Json;
using ContainerLease.Tests.Integration.Infrastructure;

namespace ContainerLease.Tests.Integration;

[Collection(SharedApp.Name)]
public sealed class HealthTests(AppFixture app)
{
    [Fact]
    public async Task Live_And_Ready_Answer200_WhenRedisDockerAndJobsRun()
    {
        Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync("/healthz/live")).StatusCode);

        await Eventually.TrueAsync(async () => (await app.Client.GetAsync("/healthz/ready")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(10), "the app is ready");
        using var ready = JsonDocument.Parse(await app.Client.GetStringAsync("/healthz/ready"));
        var checks = ready.RootElement.GetProperty("checks");
        foreach (var name in new[] { "redis", "docker", "jobs" })
        {
            Assert.Equal("Healthy", checks.GetProperty(name).GetProperty("status").GetString());
        }
    }
}
