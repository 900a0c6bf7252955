using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ContainerLease.Tests.Integration.Infrastructure;

namespace ContainerLease.Tests.Integration;

/// <summary>An engine that cannot be reached is a quick, clear 503, and no lease is kept.</summary>
public sealed class DockerDownTests : IDisposable
{
    private readonly LeaseApp _app;

    private readonly string _installation = TestSettings.NewInstallationId();

    public DockerDownTests()
    {
        var settings = TestSettings.For(_installation, redis: null);
        settings["Docker:Endpoint"] = "unix:///tmp/containerlease-no-such-docker.sock";
        _app = new LeaseApp(settings);
    }

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Provision_Answers503QuicklyAndStoresNothing_WhenEngineIsUnreachable()
    {
        using var client = _app.CreateClient();
        var response = await client.PostAsJsonAsync("/api/provision", new { imageType = "sleeper", durationSeconds = 30 });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("Docker engine", problem.RootElement.GetProperty("title").GetString(), StringComparison.Ordinal);
        // Refused at once, not given up after a timeout: the error says the engine could not be reached.
        Assert.DoesNotContain("timed out", problem.RootElement.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
        var list = await client.GetFromJsonAsync<JsonElement>("/api/containers");
        Assert.Equal(0, list.GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task The503_GivesAnErrorIdFoundInTheLog_KeepsTheSecurityHeaders_AndIsNotStored()
    {
        using var client = _app.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/provision", new { imageType = "sleeper", durationSeconds = 30 });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var errorId = problem.RootElement.GetProperty("traceId").GetString();
        Assert.False(string.IsNullOrEmpty(errorId));
        Assert.Contains(File.ReadLines(FileLoggerProvider.PathFor(_installation)), line => line.Contains($"error id {errorId}", StringComparison.Ordinal));
        Assert.True(response.Headers.CacheControl?.NoStore, "the problem may be stored");
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
    }

    [Fact]
    public async Task Ready_Answers503NamingDocker_WhileLiveStaysUp()
    {
        using var client = _app.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz/live")).StatusCode);
        using var response = await client.GetAsync("/healthz/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        using var ready = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Unhealthy", ready.RootElement.GetProperty("checks").GetProperty("docker").GetProperty("status").GetString());
        Assert.Equal("Healthy", ready.RootElement.GetProperty("checks").GetProperty("redis").GetProperty("status").GetString());
    }
}
