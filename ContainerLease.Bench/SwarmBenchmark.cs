using System.Collections.Concurrent;
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
/// listed, polled every 100 ms from before the first of them is made, so both sides are measured
/// alike and to that resolution.
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
        for (var i = 0; i < iterations + WarmUp; i++)
        {
            var (d, dockerLease) = await ProvisionAsync(dockerClient, 600);
            var (s, swarmLease) = await ProvisionAsync(swarmClient, 600);

            // Each ended before the next: the swarm's three 2-core nodes reserve room for 24 leases of 0.25 CPU.
            await TerminateAsync(dockerClient, dockerLease);
            await TerminateAsync(swarmClient, swarmLease);
            if (i >= WarmUp)
            {
                dockerMs.Add(d);
                swarmMs.Add(s);
            }
        }

        Console.WriteLine($"provision latency, {iterations} iterations each after {WarmUp} warm-up, interleaved (each lease ended before the next), image {BenchApp.Image}, 32 MB and 0.25 CPU reserved in swarm mode");
        Stats.PrintRow("docker mode: POST -> 201", dockerMs);
        Stats.PrintRow("swarm mode (3 nodes): POST -> 201", swarmMs);
        Console.WriteLine($"  ratio of medians (swarm / docker): {(Stats.Percentile(swarmMs, 50) / Stats.Percentile(dockerMs, 50)).ToString("0.00", CultureInfo.InvariantCulture)}");

        // Watched from before the first provision: a lease can fall due while later ones are still being made.
        var dockerDue = new ConcurrentDictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var swarmDue = new ConcurrentDictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        using var provisioned = new CancellationTokenSource();
        var watching = WatchGoneAsync(
            () => provisioned.IsCancellationRequested,
            async () => (await local.Containers.ListContainersAsync(new ContainersListParameters { All = true, Filters = Installation(dockerApp.InstallationId) })).Select(c => c.ID),
            async () => (await swarm.Swarm.ListServicesAsync(new ServicesListParameters { Filters = new ServiceFilter { Label = [$"containerlease.installation={swarmApp.InstallationId}"] } })).Select(s => s.ID),
            () => [.. dockerDue.Keys, .. swarmDue.Keys]);
        for (var i = 0; i < reapLeases; i++)
        {
            Add(dockerDue, (await ProvisionAsync(dockerClient, 5 + (i % 5))).Lease);
            Add(swarmDue, (await ProvisionAsync(swarmClient, 5 + (i % 5))).Lease);
        }

        await provisioned.CancelAsync();
        var gone = await watching;
        Console.WriteLine($"reap lag, {reapLeases} leases of 5-9 s each, expiresAt -> no longer listed (polled every {PollEvery.TotalMilliseconds:0} ms), sweep every minute (the default), so the expiry job does the work");
        Stats.PrintRow("docker mode: container gone", Lags(dockerDue, gone));
        Stats.PrintRow("swarm mode: service gone", Lags(swarmDue, gone));
        Console.WriteLine($"  not gone within 70 s of the last provision: {dockerDue.Keys.Concat(swarmDue.Keys).Count(id => !gone.ContainsKey(id))}");
    }

    private static async Task TerminateAsync(HttpClient client, JsonElement lease)
    {
        using var response = await client.DeleteAsync($"/api/leases/{lease.GetProperty("leaseId").GetString()}");
        response.EnsureSuccessStatusCode();
    }

    private static void Add(ConcurrentDictionary<string, DateTimeOffset> due, JsonElement lease) =>
        due[lease.GetProperty("containerId").GetString()!] = lease.GetProperty("expiresAt").GetDateTimeOffset();

    private static List<double> Lags(IReadOnlyDictionary<string, DateTimeOffset> due, IReadOnlyDictionary<string, DateTimeOffset> gone) =>
        [.. due.Where(d => gone.ContainsKey(d.Key)).Select(d => (gone[d.Key] - d.Value).TotalMilliseconds)];

    private static Dictionary<string, IDictionary<string, bool>> Installation(string installationId) => new()
    {
        ["label"] = new Dictionary<string, bool> { [$"containerlease.installation={installationId}"] = true },
    };

    /// <summary>
    /// Lists both sides every <see cref="PollEvery"/>, noting the first time each due id was missing,
    /// until provisioning is over and every id is gone, or 60 s after the last expiry.
    /// </summary>
    private static async Task<IReadOnlyDictionary<string, DateTimeOffset>> WatchGoneAsync(
        Func<bool> provisioned, Func<Task<IEnumerable<string>>> containers, Func<Task<IEnumerable<string>>> services, Func<IReadOnlyList<string>> due)
    {
        var gone = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var giveUp = DateTimeOffset.MaxValue;
        while (DateTimeOffset.UtcNow < giveUp)
        {
            var ids = due();
            var listed = (await containers()).Concat(await services()).ToHashSet(StringComparer.Ordinal);
            var now = DateTimeOffset.UtcNow;
            foreach (var id in ids.Where(id => !listed.Contains(id) && !gone.ContainsKey(id)))
            {
                gone[id] = now;
            }

            if (provisioned())
            {
                if (gone.Count == ids.Count)
                {
                    return gone;
                }

                giveUp = giveUp == DateTimeOffset.MaxValue ? now.AddSeconds(70) : giveUp;
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
