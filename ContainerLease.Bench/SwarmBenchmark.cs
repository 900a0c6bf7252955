using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace ContainerLease.Bench;

/// <summary>
/// <c>provision --runtime swarm</c>: the same app in docker mode (the local engine) and in swarm mode
/// (the manager of scripts/swarm-cluster.sh, named by <c>BENCH_SWARM_MANAGER</c>), in one run:
/// provision latency (request to 201) interleaved, then the reap lag of leases of 5 to 9 s,
/// from each lease's expiresAt to its container (docker) or service (swarm) no longer being
/// listed, polled every 100 ms, so both sides are measured alike and to that resolution.
/// </summary>
internal static class SwarmBenchmark
{
    private const int WarmUp = 3;

    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(100);

    public static async Task RunAsync(int iterations, int reapLeases)
    {
        var manager = Environment.GetEnvironmentVariable("BENCH_SWARM_MANAGER")
            ?? throw new InvalidOperationException("BENCH_SWARM_MANAGER is not set: run scripts/bench.sh provision --runtime swarm, which makes the cluster.");
        using var local = new DockerClientConfiguration().CreateClient();
        using var swarm = new DockerClientConfiguration(new Uri(manager)).CreateClient();
        await using var dockerApp = new BenchApp();
        await using var swarmApp = new BenchApp(new Dictionary<string, string?>
        {
            ["Runtime:Kind"] = "swarm",
            ["Docker:Endpoint"] = manager,
            ["Swarm:AllowWeakerSandbox"] = "true",
        });
        using var dockerClient = dockerApp.CreateApiClient();
        using var swarmClient = swarmApp.CreateApiClient();

        var dockerMs = new List<double>();
        var swarmMs = new List<double>();
        var leases = new List<(HttpClient Client, string LeaseId)>();
        for (var i = 0; i < iterations + WarmUp; i++)
        {
            var (d, dockerLease) = await ProvisionAsync(dockerClient, 600);
            var (s, swarmLease) = await ProvisionAsync(swarmClient, 600);
            leases.Add((dockerClient, dockerLease.GetProperty("leaseId").GetString()!));
            leases.Add((swarmClient, swarmLease.GetProperty("leaseId").GetString()!));
            if (i >= WarmUp)
            {
                dockerMs.Add(d);
                swarmMs.Add(s);
            }
        }

        Console.WriteLine($"provision latency, {iterations} iterations each after {WarmUp} warm-up, interleaved, image {BenchApp.Image}, 32 MB and 0.25 CPU reserved in swarm mode");
        Stats.PrintRow("docker mode: POST -> 201", dockerMs);
        Stats.PrintRow("swarm mode (3 nodes): POST -> 201", swarmMs);
        Console.WriteLine($"  ratio of medians (swarm / docker): {(Stats.Percentile(swarmMs, 50) / Stats.Percentile(dockerMs, 50)).ToString("0.00", CultureInfo.InvariantCulture)}");
        foreach (var (client, leaseId) in leases)
        {
            using var _ = await client.DeleteAsync($"/api/leases/{leaseId}");
        }

        var dockerDue = new List<(string Id, DateTimeOffset ExpiresAt)>();
        var swarmDue = new List<(string Id, DateTimeOffset ExpiresAt)>();
        for (var i = 0; i < reapLeases; i++)
        {
            dockerDue.Add(Due((await ProvisionAsync(dockerClient, 5 + (i % 5))).Lease));
            swarmDue.Add(Due((await ProvisionAsync(swarmClient, 5 + (i % 5))).Lease));
        }

        var gone = await WatchGoneAsync(
            dockerDue.Concat(swarmDue).Max(d => d.ExpiresAt).AddSeconds(60),
            async () => (await local.Containers.ListContainersAsync(new ContainersListParameters { All = true, Filters = Installation(dockerApp.InstallationId) })).Select(c => c.ID),
            async () => (await swarm.Swarm.ListServicesAsync(new ServicesListParameters { Filters = new ServiceFilter { Label = [$"containerlease.installation={swarmApp.InstallationId}"] } })).Select(s => s.ID),
            [.. dockerDue.Concat(swarmDue).Select(d => d.Id)]);
        Console.WriteLine($"reap lag, {reapLeases} leases of 5-9 s each, expiresAt -> no longer listed (polled every {PollEvery.TotalMilliseconds:0} ms), sweep every minute (the default), so the expiry job does the work");
        Stats.PrintRow("docker mode: container gone", Lags(dockerDue, gone));
        Stats.PrintRow("swarm mode: service gone", Lags(swarmDue, gone));
        Console.WriteLine($"  not gone within 60 s of the last expiry: {dockerDue.Concat(swarmDue).Count(d => !gone.ContainsKey(d.Id))}");
    }

    private static (string Id, DateTimeOffset ExpiresAt) Due(JsonElement lease) =>
        (lease.GetProperty("containerId").GetString()!, lease.GetProperty("expiresAt").GetDateTimeOffset());

    private static List<double> Lags(IEnumerable<(string Id, DateTimeOffset ExpiresAt)> due, IReadOnlyDictionary<string, DateTimeOffset> gone) =>
        [.. due.Where(d => gone.ContainsKey(d.Id)).Select(d => (gone[d.Id] - d.ExpiresAt).TotalMilliseconds)];

    private static Dictionary<string, IDictionary<string, bool>> Installation(string installationId) => new()
    {
        ["label"] = new Dictionary<string, bool> { [$"containerlease.installation={installationId}"] = true },
    };

    /// <summary>Lists both sides every <see cref="PollEvery"/> until all are gone or <paramref name="until"/>; the first time each id was missing.</summary>
    private static async Task<IReadOnlyDictionary<string, DateTimeOffset>> WatchGoneAsync(
        DateTimeOffset until, Func<Task<IEnumerable<string>>> containers, Func<Task<IEnumerable<string>>> services, IReadOnlyList<string> ids)
    {
        var gone = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        while (gone.Count < ids.Count && DateTimeOffset.UtcNow < until)
        {
            var listed = (await containers()).Concat(await services()).ToHashSet(StringComparer.Ordinal);
            var now = DateTimeOffset.UtcNow;
            foreach (var id in ids.Where(id => !listed.Contains(id) && !gone.ContainsKey(id)))
            {
                gone[id] = now;
            }

            await Task.Delay(PollEvery);
        }

        return gone;
    }

    private static async Task<(double Ms, JsonElement Lease)> ProvisionAsync(HttpClient client, int seconds)
    {
        var clock = Stopwatch.StartNew();
        using var response = await client.PostAsJsonAsync("/api/provision", new { imageType = "bench", durationSeconds = seconds });
        clock.Stop();
        response.EnsureSuccessStatusCode();
        return (clock.Elapsed.TotalMilliseconds, await response.Content.ReadFromJsonAsync<JsonElement>());
    }
}
