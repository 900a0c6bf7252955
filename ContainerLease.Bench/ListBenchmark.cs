using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using ContainerLease.Domain.Leases;
using ContainerLease.Domain.Ports;
using Microsoft.Extensions.DependencyInjection;

namespace ContainerLease.Bench;

/// <summary>
/// <c>GET /api/containers?page=1</c> with 10,000 active leases against the same with 100, in one
/// run: two installations (two key prefixes in one Redis), each a real app on Kestrel, their
/// requests interleaved. A page must cost the page, so the ratio should stay near 1. Leases are
/// seeded through the app's own <see cref="ILeaseStore"/>, with no container behind them.
/// </summary>
internal static class ListBenchmark
{
    private const int Small = 100;
    private const int Large = 10_000;
    private const int WarmUp = 50;
    private const int SeedParallelism = 200;

    /// <summary>Rows 9,951 to 10,000: skipping most of the set must not cost the set either.</summary>
    private const int DeepPage = Large / 50;

    /// <summary>
    /// The seeded leases have no container, so a sweep would end them as gone: the recurring sweep
    /// is set to once a day, and the one at start leaves leases younger than its grace alone.
    /// </summary>
    private static readonly Dictionary<string, string?> Settings = new() { ["Leases:SweepInterval"] = "1.00:00:00" };

    public static async Task RunAsync(int iterations)
    {
        await using var small = new BenchApp(Settings);
        await using var large = new BenchApp(Settings);
        using var smallClient = small.CreateApiClient();
        using var largeClient = large.CreateApiClient();
        var seeded = Stopwatch.StartNew();
        var smallIds = await SeedAsync(small, Small);
        var largeIds = await SeedAsync(large, Large);
        seeded.Stop();
        try
        {
            var floor = new List<double>();
            var few = new List<double>();
            var many = new List<double>();
            var deep = new List<double>();
            for (var i = 0; i < iterations + WarmUp; i++)
            {
                // Alternate the order so neither installation always follows the other.
                var first = i % 2 == 0 ? (smallClient, Small, few) : (largeClient, Large, many);
                var second = i % 2 == 0 ? (largeClient, Large, many) : (smallClient, Small, few);
                var floorMs = await TimeAsync(smallClient, "/healthz/live", expectedTotal: null);
                var firstMs = await TimeAsync(first.Item1, "/api/containers?page=1", first.Item2);
                var secondMs = await TimeAsync(second.Item1, "/api/containers?page=1", second.Item2);
                var deepMs = await TimeAsync(largeClient, $"/api/containers?page={DeepPage}", Large);
                if (i >= WarmUp)
                {
                    floor.Add(floorMs);
                    deep.Add(deepMs);
                    first.Item3.Add(firstMs);
                    second.Item3.Add(secondMs);
                }
            }

            Console.WriteLine($"list latency, GET /api/containers?page=N (50 rows), {iterations} requests each after {WarmUp} warm-up, interleaved; leases seeded in {seeded.Elapsed.TotalSeconds:0.0} s");
            Console.WriteLine("  includes: HTTP on loopback Kestrel, the Redis reads (ZCARD, ZRANGE of 50 ids, 50 pipelined HMGET),");
            Console.WriteLine("  50 records deserialized, the JSON answer written and read; no Docker engine call (the list asks none)");
            Stats.PrintRow("floor: GET /healthz/live", floor);
            Stats.PrintRow($"page 1 of {Small:N0} active leases", few);
            Stats.PrintRow($"page 1 of {Large:N0} active leases", many);
            Stats.PrintRow($"page {DeepPage} of {Large:N0} active leases", deep);
            Console.WriteLine($"  ratio {Large:N0} / {Small:N0}: median {Ratio(many, few, 50)}, p99 {Ratio(many, few, 99)}  (goal: median < 1.5, a page costs the page)");
        }
        finally
        {
            await UnseedAsync(small, smallIds);
            await UnseedAsync(large, largeIds);
        }
    }

    private static string Ratio(List<double> over, List<double> under, double p) =>
        (Stats.Percentile(over, p) / Stats.Percentile(under, p)).ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>Times one request through reading its whole answer; a list must show its full page and total.</summary>
    private static async Task<double> TimeAsync(HttpClient client, string path, int? expectedTotal)
    {
        var clock = Stopwatch.StartNew();
        using var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsByteArrayAsync();
        clock.Stop();
        response.EnsureSuccessStatusCode();
        if (expectedTotal is { } total)
        {
            using var list = JsonDocument.Parse(body);
            var seen = (list.RootElement.GetProperty("total").GetInt64(), list.RootElement.GetProperty("items").GetArrayLength());
            if (seen != (total, 50))
            {
                throw new InvalidOperationException($"Expected {total} leases and a page of 50, got {seen}: something else changed the leases.");
            }
        }

        return clock.Elapsed.TotalMilliseconds;
    }

    /// <summary>Active leases with expiries spread over the next hours, as the app's store writes them.</summary>
    private static async Task<List<LeaseId>> SeedAsync(BenchApp app, int count)
    {
        var store = app.Services.GetRequiredService<ILeaseStore>();
        var now = DateTimeOffset.UtcNow;
        now = now.AddTicks(-(now.UtcTicks % TimeSpan.TicksPerMillisecond));
        var ids = Enumerable.Range(0, count).Select(_ => LeaseId.New()).ToList();
        using var gate = new SemaphoreSlim(SeedParallelism);
        await Task.WhenAll(ids.Select(async (id, i) =>
        {
            await gate.WaitAsync();
            try
            {
                var lease = new Lease
                {
                    Id = id,
                    ContainerId = $"no-container-{i}",
                    ImageType = "bench",
                    Owner = "bench",
                    CreatedAt = now,
                    ExpiresAt = now.AddHours(1).AddMilliseconds(i * 360.0),
                    History = [new LeaseEvent(now, LeaseEvent.Provisioned, "bench for 2 h")],
                };
                if (!await store.TryAddAsync(lease))
                {
                    throw new InvalidOperationException($"Lease id {id} was already taken.");
                }
            }
            finally
            {
                gate.Release();
            }
        }));
        return ids;
    }

    private static async Task UnseedAsync(BenchApp app, List<LeaseId> ids)
    {
        var store = app.Services.GetRequiredService<ILeaseStore>();
        using var gate = new SemaphoreSlim(SeedParallelism);
        await Task.WhenAll(ids.Select(async id =>
        {
            await gate.WaitAsync();
            try
            {
                await store.DeleteAsync(id);
            }
            finally
            {
                gate.Release();
            }
        }));
    }
}
