using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using ContainerLease.Domain.Ports;
using Microsoft.Extensions.DependencyInjection;

namespace ContainerLease.Bench;

/// <summary>
/// What the warm pool buys beyond one provision's latency (see <see cref="ProvisionBenchmark"/>):
/// the time until a lease's container is healthy, for an entry whose check passes 3 s after its
/// process starts, pooled against unpooled; and the wall time of a burst of 50 provisions, 16 in
/// flight, with a pool of 50 against none. All in one run, on one app.
/// </summary>
internal static class PoolBenchmark
{

    public static async Task RunAsync(int iterations)
    {
        var settings = new Dictionary<string, string?>();
        foreach (var (entry, size) in new[] { ("slow", 0), ("slow-pooled", 3), ("burst", 0), ("burst-pooled", 50) })
        {
            settings[$"Catalog:Images:{entry}:Image"] = BenchApp.Image;
            settings[$"Catalog:Images:{entry}:Command:0"] = "sh";
            settings[$"Catalog:Images:{entry}:Command:1"] = "-c";
            settings[$"Catalog:Images:{entry}:Command:2"] = entry.StartsWith("slow", StringComparison.Ordinal) ? "sleep 3; touch /tmp/ready; exec sleep 3600" : "exec sleep 3600";
            settings[$"Catalog:Images:{entry}:MemoryMb"] = "16";
            settings[$"Catalog:Images:{entry}:Cpus"] = "0.1";
            settings[$"Catalog:Images:{entry}:WarmPool:Size"] = size.ToString(CultureInfo.InvariantCulture);
            if (entry.StartsWith("slow", StringComparison.Ordinal))
            {
                settings[$"Catalog:Images:{entry}:HealthCheck:Command"] = "test -f /tmp/ready";
                settings[$"Catalog:Images:{entry}:HealthCheck:Interval"] = "00:00:00.250";
            }
        }

        await using var app = new BenchApp(settings);
        using var client = app.CreateApiClient();
        var pool = app.Services.GetRequiredService<IWarmPool>();

        var unpooled = new List<double>();
        var pooled = new List<double>();
        for (var i = 0; i < iterations; i++)
        {
            unpooled.Add(await UntilHealthyAsync(client, "slow"));
            await FullAsync(pool, "slow-pooled", 3);
            pooled.Add(await UntilHealthyAsync(client, "slow-pooled"));
        }

        Console.WriteLine($"time from POST /api/provision to a healthy container, health check passing 3 s after start, {iterations} each");
        Stats.PrintRow("made for the lease", unpooled);
        Stats.PrintRow("from a warm pool of 3", pooled);

        var bare = await BurstAsync(client, "burst");
        await FullAsync(pool, "burst-pooled", 50);
        var warm = await BurstAsync(client, "burst-pooled");
        Console.WriteLine("burst of 50 provisions, 16 in flight, wall time to the last 201");
        Console.WriteLine($"  made for each lease            {Stats.Ms(bare.Ms),10}   ({bare.FromPool} from the pool)");
        Console.WriteLine($"  warm pool of 50                {Stats.Ms(warm.Ms),10}   ({warm.FromPool} from the pool)");
        Console.WriteLine($"  ratio (pool / none): {(warm.Ms / bare.Ms).ToString("0.00", CultureInfo.InvariantCulture)}");
    }

    private static async Task<double> UntilHealthyAsync(HttpClient client, string imageType)
    {
        var clock = Stopwatch.StartNew();
        using var response = await client.PostAsJsonAsync("/api/provision", new { imageType, durationSeconds = 600 });
        response.EnsureSuccessStatusCode();
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("leaseId").GetString();
        while ((await client.GetFromJsonAsync<JsonElement>($"/api/leases/{id}")).GetProperty("health").GetString() != "healthy")
        {
            await Task.Delay(50);
        }

        clock.Stop();
        (await client.DeleteAsync($"/api/leases/{id}")).EnsureSuccessStatusCode();
        return clock.Elapsed.TotalMilliseconds;
    }

    private static async Task<(double Ms, int FromPool)> BurstAsync(HttpClient client, string imageType)
    {
        var ids = new System.Collections.Concurrent.ConcurrentBag<(string Id, bool FromPool)>();
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, 50), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (_, ct) =>
        {
            using var response = await client.PostAsJsonAsync("/api/provision", new { imageType, durationSeconds = 600 }, ct);
            response.EnsureSuccessStatusCode();
            var lease = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
            ids.Add((lease.GetProperty("leaseId").GetString()!, lease.GetProperty("fromPool").GetBoolean()));
        });
        clock.Stop();
        foreach (var (id, _) in ids)
        {
            (await client.DeleteAsync($"/api/leases/{id}")).EnsureSuccessStatusCode();
        }

        return (clock.Elapsed.TotalMilliseconds, ids.Count(i => i.FromPool));
    }

    private static async Task FullAsync(IWarmPool pool, string imageType, int size)
    {
        var until = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while ((await pool.ReadyAsync(imageType)).Count < size)
        {
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"The warm pool of {imageType} did not fill within 3 minutes.");
            }

            await Task.Delay(100);
        }
    }
}
