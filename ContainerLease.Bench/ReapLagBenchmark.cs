using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace ContainerLease.Bench;

/// <summary>
/// How late the app removes a container after its lease's expiresAt: N leases with expiries
/// spread over a minute, each removal timed from the engine's destroy event. The baseline is the
/// ideal reaper in the same run: a timer in this process that removes a bare container at its due time.
/// The burst case provisions as fast as the app allows, 16 in flight, with leases of 20 to 39 s,
/// so that leases fall due while others are still being created.
/// </summary>
internal static class ReapLagBenchmark
{
    private const int ProvisionParallelism = 8;
    private const int BurstParallelism = 16;

    public static async Task RunBurstAsync(int leases)
    {
        using var docker = new DockerClientConfiguration().CreateClient();
        await using var app = new BenchApp();
        using var client = app.CreateApiClient();
        await using var appDestroys = new DestroyWatcher(docker, $"containerlease.installation={app.InstallationId}");

        var due = new List<(string ContainerId, DateTimeOffset ExpiresAt)>();
        using var gate = new SemaphoreSlim(BurstParallelism);
        var started = DateTimeOffset.UtcNow;
        await Task.WhenAll(Enumerable.Range(0, leases).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                var lease = await ProvisionAsync(client, 20 + (i % 20));
                lock (due)
                {
                    due.Add(lease);
                }
            }
            finally
            {
                gate.Release();
            }
        }));

        var lastDue = due.Max(d => d.ExpiresAt);
        var provisioned = DateTimeOffset.UtcNow;
        var overlapping = due.Count(d => d.ExpiresAt < provisioned);
        Console.WriteLine($"reap lag under a provisioning burst, {leases} leases of 20-39 s, {BurstParallelism} provisions in flight: provisioned in {(DateTimeOffset.UtcNow - started).TotalSeconds:0} s, {overlapping} fell due while others were still being created; waiting until {lastDue:HH:mm:ss} + 15 s");
        await Task.Delay(lastDue.AddSeconds(15) - DateTimeOffset.UtcNow);

        Report("app: expiresAt -> container destroyed", due, appDestroys);
        Stats.PrintRow("  of which expiresAt -> engine's kill", [.. due.Where(d => appDestroys.Killed.ContainsKey(d.ContainerId)).Select(d => (appDestroys.Killed[d.ContainerId] - d.ExpiresAt).TotalMilliseconds)]);
        Stats.PrintRow("  and kill -> destroyed", [.. due.Where(d => appDestroys.Killed.ContainsKey(d.ContainerId) && appDestroys.Destroyed.ContainsKey(d.ContainerId)).Select(d => (appDestroys.Destroyed[d.ContainerId] - appDestroys.Killed[d.ContainerId]).TotalMilliseconds)]);
        var duringBurst = due.Where(d => d.ExpiresAt < provisioned).ToList();
        Stats.PrintRow("  leases due during the burst", Lags(duringBurst, appDestroys));
        Console.WriteLine("  (goal: app p99 <= 1000 ms, none early, none leaked)");
    }

    public static async Task RunAsync(int leases)
    {
        using var docker = new DockerClientConfiguration().CreateClient();
        await using var app = new BenchApp();
        using var client = app.CreateApiClient();
        await using var appDestroys = new DestroyWatcher(docker, $"containerlease.installation={app.InstallationId}");
        var bareLabel = "containerlease.bench-bare=" + app.InstallationId;
        await using var bareDestroys = new DestroyWatcher(docker, bareLabel);

        // Expiries spread over a minute, starting after the slowest provision can have finished.
        var firstDue = TimeSpan.FromSeconds(20 + (leases / 4));
        var due = new List<(string ContainerId, DateTimeOffset ExpiresAt)>();
        var bare = new List<(string ContainerId, DateTimeOffset DueAt)>();
        var bareTimers = new List<Task>();
        using var gate = new SemaphoreSlim(ProvisionParallelism);
        var started = DateTimeOffset.UtcNow;
        await Task.WhenAll(Enumerable.Range(0, leases).Select(async i =>
        {
            var spread = TimeSpan.FromSeconds(60.0 * i / leases);
            await gate.WaitAsync();
            try
            {
                var seconds = (int)Math.Ceiling((started + firstDue + spread - DateTimeOffset.UtcNow).TotalSeconds);
                var lease = await ProvisionAsync(client, seconds);
                var bareDue = lease.ExpiresAt;
                var bareId = await BareStartAsync(docker, bareLabel);
                lock (due)
                {
                    due.Add((lease.ContainerId, lease.ExpiresAt));
                    bare.Add((bareId, bareDue));
                    bareTimers.Add(BareReapAsync(docker, bareId, bareDue));
                }
            }
            finally
            {
                gate.Release();
            }
        }));

        var lastDue = due.Max(d => d.ExpiresAt);
        Console.WriteLine($"reap lag, {leases} leases due over {(lastDue - due.Min(d => d.ExpiresAt)).TotalSeconds:0} s (provisioned in {(DateTimeOffset.UtcNow - started).TotalSeconds:0} s); waiting until {lastDue:HH:mm:ss} + 15 s");
        await Task.WhenAll(bareTimers);
        await Task.Delay(lastDue.AddSeconds(15) - DateTimeOffset.UtcNow);

        Report("bare timer + docker rm -f at due time", bare, bareDestroys);
        Report("app: expiresAt -> container destroyed", due, appDestroys);
        var appP50 = Stats.Percentile(Lags(due, appDestroys), 50);
        var bareP50 = Stats.Percentile(Lags(bare, bareDestroys), 50);
        Console.WriteLine($"  median lag over the bare timer's: +{(appP50 - bareP50).ToString("0.0", CultureInfo.InvariantCulture)} ms  (goal: app p99 < 1000 ms, none early, none leaked)");
    }

    private static void Report(string name, List<(string Id, DateTimeOffset Due)> items, DestroyWatcher destroys)
    {
        var lags = Lags(items, destroys);
        var leaked = items.Count(i => !destroys.Destroyed.ContainsKey(i.Id));
        var early = lags.Count(l => l < 0);
        Stats.PrintRow(name, lags);
        Console.WriteLine($"  {string.Empty,-34} early {early}, leaked {leaked}");
    }

    private static List<double> Lags(List<(string Id, DateTimeOffset Due)> items, DestroyWatcher destroys) =>
        [.. items.Where(i => destroys.Destroyed.ContainsKey(i.Id)).Select(i => (destroys.Destroyed[i.Id] - i.Due).TotalMilliseconds)];

    private static async Task<(string ContainerId, DateTimeOffset ExpiresAt)> ProvisionAsync(HttpClient client, int seconds)
    {
        using var response = await client.PostAsJsonAsync("/api/provision", new { imageType = "bench", durationSeconds = seconds });
        response.EnsureSuccessStatusCode();
        var lease = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (lease.GetProperty("containerId").GetString()!, lease.GetProperty("expiresAt").GetDateTimeOffset());
    }

    private static async Task<string> BareStartAsync(DockerClient docker, string label)
    {
        var parts = label.Split('=');
        var created = await docker.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Image = BenchApp.Image,
            Cmd = ["sleep", "3600"],
            Labels = new Dictionary<string, string> { [parts[0]] = parts[1] },
            HostConfig = new HostConfig { NetworkMode = "none" },
        });
        await docker.Containers.StartContainerAsync(created.ID, new ContainerStartParameters());
        return created.ID;
    }

    private static async Task BareReapAsync(DockerClient docker, string id, DateTimeOffset dueAt)
    {
        var wait = dueAt - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }

        await docker.Containers.RemoveContainerAsync(id, new ContainerRemoveParameters { Force = true });
    }
}
