using System.Net;
using System.Net.Http.Json;
using ContainerLease.Tests.Integration.Infrastructure;
using Docker.DotNet;
using Xunit.Abstractions;

namespace ContainerLease.Tests.Deployment;

/// <summary>
/// The shipped Dockerfile and docker-compose.yml really run here, with no registry: base images
/// from Debian's packages, the app built on them, Redis beside it, a lease reaped on time.
/// Slow when cold (a debootstrap and a full image build: about two minutes here), half a minute warm.
/// </summary>
[Collection(Name)]
public sealed class ComposeStackTests(ITestOutputHelper output)
{
    /// <summary>Alone, after the other tests: a cold image build takes both cores for minutes, which timing tests would feel.</summary>
    public const string Name = "Compose stack";

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Stack_ProvisionsThroughApi_AndReapsExpiredLease()
    {
        await using var stack = await ComposeDeployment.StartAsync(output);

        await stack.WithLogsOnFailureAsync(async () =>
        {
            await AssertDeployedAsDocumentedAsync(stack);

            var response = await stack.Client.PostAsJsonAsync("/api/provision", new { imageType = "sleeper", durationSeconds = 3 });
            Assert.True(response.StatusCode == HttpStatusCode.Created,
                $"POST /api/provision answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            var lease = (await response.Content.ReadFromJsonAsync<LeaseResponse>())!;
            Assert.True(await ExistsAsync(stack.Docker, lease.ContainerId), "the leased container is not on the engine");
            stack.Log($"lease {lease.LeaseId} provisioned, expires at {lease.ExpiresAt:HH:mm:ss.fff}");

            await Eventually.TrueAsync(async () => !await ExistsAsync(stack.Docker, lease.ContainerId), Patience,
                "the expired lease's container is removed from the engine");
            var read = (await stack.Client.GetFromJsonAsync<LeaseResponse>($"/api/leases/{lease.LeaseId}"))!;
            Assert.Equal("expired", read.Status);
            Assert.Empty(await Cleanup.ContainersAsync(stack.Docker, stack.InstallationId));
            stack.Log("lease reaped");

            // The app in its container reaches a bridged lease's port (the host's cla-* rules).
            var web = await stack.Client.PostAsJsonAsync("/api/provision", new { imageType = "web", durationSeconds = 60 });
            Assert.True(web.StatusCode == HttpStatusCode.Created, $"POST /api/provision answered {(int)web.StatusCode}: {await web.Content.ReadAsStringAsync()}");
            var served = (await web.Content.ReadFromJsonAsync<LeaseResponse>())!;
            await Eventually.TrueAsync(async () =>
            {
                using var answer = await stack.Client.GetAsync($"/leases/{served.LeaseId}/ports/8080/");
                return answer.StatusCode == HttpStatusCode.OK && await answer.Content.ReadAsStringAsync() == "hello-from-port\n";
            }, Patience, "the web lease's port answers through the app's proxy");
            await stack.Client.DeleteAsync($"/api/leases/{served.LeaseId}");
            stack.Log("port proxied");
        });
    }

    /// <summary>The app runs as its non-root user and Redis keeps Hangfire's keys (noeviction, append-only).</summary>
    private static async Task AssertDeployedAsDocumentedAsync(ComposeDeployment stack)
    {
        var user = await stack.ComposeAsync("exec", "-T", "app", "id", "-u");
        Assert.True(user.Succeeded, user.Describe());
        Assert.Equal("1654", user.Output.Trim());

        var redis = await stack.ComposeAsync("exec", "-T", "redis", "redis-cli", "config", "get", "*");
        Assert.True(redis.Succeeded, redis.Describe());
        var config = redis.Output.Split('\n', StringSplitOptions.TrimEntries).Chunk(2).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
        Assert.Equal("noeviction", config["maxmemory-policy"]);
        Assert.Equal("yes", config["appendonly"]);
    }

    private static async Task<bool> ExistsAsync(DockerClient docker, string containerId)
    {
        try
        {
            await docker.Containers.InspectContainerAsync(containerId);
            return true;
        }
        catch (DockerContainerNotFoundException)
        {
            return false;
        }
    }
}

[CollectionDefinition(ComposeStackTests.Name, DisableParallelization = true)]
public sealed class ComposeStackAlone;
