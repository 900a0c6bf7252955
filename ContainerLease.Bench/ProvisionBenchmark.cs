using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Docker.DotNet;
using ContainerLease.Domain.Catalog;
using ContainerSpec = ContainerLease.Domain.Ports.ContainerSpec;
using ContainerLease.Mvc.Docker;
using Docker.DotNet.Models;
using ContainerLease.Domain.Ports;
using Microsoft.Extensions.DependencyInjection;

namespace ContainerLease.Bench;

/// <summary>
/// Provision latency (request to 201) against a bare Docker.DotNet create + start of the same
/// image with the same limits and sandbox, interleaved in one run so both see the same machine.
/// With <c>--pool</c>, the entry keeps a warm pool of 5, and each provision waits for the pool to
/// be full again first, so every one claims a ready container.
/// </summary>
internal static class ProvisionBenchmark
{
    private const int WarmUp = 3;

    private const int PoolSize = 5;

    public static async Task RunAsync(int iterations, bool pool)
    {
        using var docker = new DockerClientConfiguration().CreateClient();
        await using var app = new BenchApp(pool ? new Dictionary<string, string?> { ["Catalog:Images:bench:WarmPool:Size"] = PoolSize.ToString(CultureInfo.InvariantCulture) } : null);
        using var client = app.CreateApiClient();
        var ready = app.Services.GetRequiredService<IWarmPool>();
        var fromPool = 0;

        var bare = new List<double>();
        var provision = new List<double>();
        for (var i = 0; i < iterations + WarmUp; i++)
        {
            var bareMs = await BareCreateStartAsync(docker, app.InstallationId);
            if (pool)
            {
                await WaitUntilFullAsync(ready);
            }

            var (appMs, pooled) = await ProvisionAsync(client);
            fromPool += pooled && i >= WarmUp ? 1 : 0;
            if (i >= WarmUp)
            {
                bare.Add(bareMs);
                provision.Add(appMs);
            }
        }

        var ratio = Stats.Percentile(provision, 50) / Stats.Percentile(bare, 50);
        Console.WriteLine($"provision latency, {iterations} iterations after {WarmUp} warm-up, image {BenchApp.Image}" + (pool ? $", warm pool of {PoolSize}" : ""));
        Stats.PrintRow("bare Docker.DotNet create+start", bare);
        Stats.PrintRow(pool ? "POST /api/provision -> 201, pool" : "POST /api/provision -> 201", provision);
        Console.WriteLine(pool
            ? $"  ratio of medians (app / bare): {ratio.ToString("0.000", CultureInfo.InvariantCulture)}  (goal <= 0.25); {fromPool} of {iterations} from the pool"
            : $"  ratio of medians (app / bare): {ratio.ToString("0.000", CultureInfo.InvariantCulture)}  (goal < 1.10)");
    }

    private static async Task<double> BareCreateStartAsync(DockerClient docker, string installationId)
    {
        // The very parameters the app sends (limits, sandbox, labels), so the ratio is the app's own cost.
        var image = new CatalogImage { Image = BenchApp.Image, Command = ["sleep", "3600"], MemoryMb = 32, Cpus = 0.25, PidsLimit = 16 };
        var labels = new Dictionary<string, string> { ["containerlease.bench"] = installationId };
        var parameters = ContainerParameters.For(new ContainerSpec($"bench-{Guid.NewGuid():N}", image, labels), new DockerOptions());
        var clock = Stopwatch.StartNew();
        var created = await docker.Containers.CreateContainerAsync(parameters);
        await docker.Containers.StartContainerAsync(created.ID, new ContainerStartParameters());
        clock.Stop();
        await docker.Containers.RemoveContainerAsync(created.ID, new ContainerRemoveParameters { Force = true });
        return clock.Elapsed.TotalMilliseconds;
    }

    private static async Task<(double Ms, bool FromPool)> ProvisionAsync(HttpClient client)
    {
        var clock = Stopwatch.StartNew();
        using var response = await client.PostAsJsonAsync("/api/provision", new { imageType = "bench", durationSeconds = 600 });
        clock.Stop();
        response.EnsureSuccessStatusCode();
        var lease = await response.Content.ReadFromJsonAsync<JsonElement>();
        (await client.DeleteAsync($"/api/leases/{lease.GetProperty("leaseId").GetString()}")).EnsureSuccessStatusCode();
        return (clock.Elapsed.TotalMilliseconds, lease.GetProperty("fromPool").GetBoolean());
    }

    private static async Task WaitUntilFullAsync(IWarmPool pool)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while ((await pool.ReadyAsync("bench")).Count < PoolSize)
        {
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException("The warm pool did not fill within a minute.");
            }

            await Task.Delay(50);
        }
    }
}
