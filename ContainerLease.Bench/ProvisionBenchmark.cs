using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Docker.DotNet;
using ContainerLease.Domain.Catalog;
using ContainerSpec = ContainerLease.Domain.Ports.ContainerSpec;
using ContainerLease.Mvc.Docker;
using Docker.DotNet.Models;

namespace ContainerLease.Bench;

/// <summary>
/// Provision latency (request to 201) against a bare Docker.DotNet create + start of the same
/// image with the same limits and sandbox, interleaved in one run so both see the same machine.
/// </summary>
internal static class ProvisionBenchmark
{
    private const int WarmUp = 3;

    public static async Task RunAsync(int iterations)
    {
        using var docker = new DockerClientConfiguration().CreateClient();
        await using var app = new BenchApp();
        using var client = app.CreateApiClient();

        var bare = new List<double>();
        var provision = new List<double>();
        for (var i = 0; i < iterations + WarmUp; i++)
        {
            var bareMs = await BareCreateStartAsync(docker, app.InstallationId);
            var appMs = await ProvisionAsync(client);
            if (i >= WarmUp)
            {
                bare.Add(bareMs);
                provision.Add(appMs);
            }
        }

        var ratio = Stats.Percentile(provision, 50) / Stats.Percentile(bare, 50);
        Console.WriteLine($"provision latency, {iterations} iterations after {WarmUp} warm-up, image {BenchApp.Image}");
        Stats.PrintRow("bare Docker.DotNet create+start", bare);
        Stats.PrintRow("POST /api/provision -> 201", provision);
        Console.WriteLine($"  ratio of medians (app / bare): {ratio.ToString("0.000", CultureInfo.InvariantCulture)}  (goal < 1.10)");
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

    private static async Task<double> ProvisionAsync(HttpClient client)
    {
        var clock = Stopwatch.StartNew();
        using var response = await client.PostAsJsonAsync("/api/provision", new { imageType = "bench", durationSeconds = 600 });
        clock.Stop();
        response.EnsureSuccessStatusCode();
        var lease = await response.Content.ReadFromJsonAsync<JsonElement>();
        (await client.DeleteAsync($"/api/leases/{lease.GetProperty("leaseId").GetString()}")).EnsureSuccessStatusCode();
        return clock.Elapsed.TotalMilliseconds;
    }
}
