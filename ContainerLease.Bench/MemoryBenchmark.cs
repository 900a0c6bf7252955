using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using ContainerLease.Mvc.Auth;
using ContainerLease.Mvc.Live;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.AspNetCore.SignalR.Client;

namespace ContainerLease.Bench;

/// <summary>
/// The app's memory as an operator sees it: the app runs as its own process (this one is only its
/// client), idle, then with active leases whose containers each print ten lines a second, then
/// with log viewers attached. Resident set size from /proc; the managed heap from the app's own
/// System.Runtime metrics (its size after the last collection).
/// </summary>
internal static partial class MemoryBenchmark
{
    /// <summary>Waits with the shell's own read timeout on a pipe nobody writes: busybox's sleep would fork 2,000 processes a second across 200 containers.</summary>
    private const string TalkerScript = "mkfifo /tmp/tick; exec 3<>/tmp/tick; i=0; while true; do i=$((i+1)); echo \"line $i of a container that talks ten times a second\"; read -t 0.1 x <&3; done";

    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(60);

    public static async Task RunAsync(int leases, int viewers)
    {
        var installation = "bench-" + Guid.NewGuid().ToString("N")[..8];
        using var docker = new DockerClientConfiguration().CreateClient();
        var app = await StartAppAsync(installation);
        using var client = new HttpClient { BaseAddress = app.Address };
        client.DefaultRequestHeaders.Add(ApiKeyHandler.Header, BenchApp.ApiKey);
        var hubs = new List<HubConnection>();
        using var stop = new CancellationTokenSource();
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(10));
            var idle = await MeasureAsync(app, client);

            var ids = new List<string>();
            await ProvisionAsync(client, leases / 2, ids);
            await Task.Delay(Settle);
            var withHalf = await MeasureAsync(app, client);
            await ProvisionAsync(client, leases - (leases / 2), ids);
            await Task.Delay(Settle);
            var withLeases = await MeasureAsync(app, client);

            long received = 0;
            foreach (var leaseId in ids.Take(viewers))
            {
                var hub = BenchApp.CreateHub(client, LogsHub.Path);
                await hub.StartAsync();
                hubs.Add(hub);
                _ = Task.Run(async () =>
                {
                    await foreach (var _ in hub.StreamAsync<LogItem>("StreamLogs", leaseId, null, 0, stop.Token))
                    {
                        Interlocked.Increment(ref received);
                    }
                });
            }

            await Task.Delay(Settle);
            var withViewers = await MeasureAsync(app, client);

            var gc = Environment.GetEnvironmentVariable("DOTNET_gcServer") is { Length: > 0 } server ? $"DOTNET_gcServer={server}" : "the app's own GC setting";
            Console.WriteLine($"memory of the app as its own process, {gc}; each container prints 10 lines a second; {Settle.TotalSeconds:0} s after each step");
            Print("idle", idle);
            Print($"{leases / 2} active leases", withHalf);
            Print($"{leases} active leases", withLeases);
            Print($"{leases} leases + {Math.Min(viewers, ids.Count)} log viewers", withViewers);
            // The slope between the two lease counts: the first leases also pay for one-time warm-up (JIT, pools, caches).
            var added = leases - (leases / 2);
            Console.WriteLine($"  per lease (from {leases / 2} to {leases}):  {(withLeases.RssMb - withHalf.RssMb) / added * 1024:0} KB RSS, {(withLeases.HeapMb - withHalf.HeapMb) / added * 1024:0} KB managed heap");
            Console.WriteLine($"  per viewer: {(withViewers.RssMb - withLeases.RssMb) / Math.Max(1, hubs.Count) * 1024:0} KB RSS, {(withViewers.HeapMb - withLeases.HeapMb) / Math.Max(1, hubs.Count) * 1024:0} KB managed heap");
            Console.WriteLine($"  lines the viewers received in {Settle.TotalSeconds:0} s: {Interlocked.Read(ref received)}");
        }
        finally
        {
            await stop.CancelAsync();
            foreach (var hub in hubs)
            {
                await hub.DisposeAsync();
            }

            app.Dispose();
            await RemoveContainersAsync(docker, installation);
        }
    }

    private static async Task ProvisionAsync(HttpClient client, int count, List<string> ids)
    {
        using var gate = new SemaphoreSlim(8);
        await Task.WhenAll(Enumerable.Range(0, count).Select(async _ =>
        {
            await gate.WaitAsync();
            try
            {
                using var response = await client.PostAsJsonAsync("/api/provision", new { imageType = "talker", durationSeconds = 3600 });
                response.EnsureSuccessStatusCode();
                var lease = await response.Content.ReadFromJsonAsync<JsonElement>();
                lock (ids)
                {
                    ids.Add(lease.GetProperty("leaseId").GetString()!);
                }
            }
            finally
            {
                gate.Release();
            }
        }));
    }

    private static void Print(string name, Sample sample) =>
        Console.WriteLine($"  {name,-34} RSS {sample.RssMb,6:0.0} MB   managed heap {sample.HeapMb,6:0.0} MB   threads {sample.Threads}");

    private sealed record Sample(double RssMb, double HeapMb, int Threads);

    private static async Task<Sample> MeasureAsync(AppProcess app, HttpClient client)
    {
        var metrics = await client.GetStringAsync("/metrics");
        var heap = HeapLine().Matches(metrics).Sum(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
        app.Process.Refresh();
        return new Sample(app.Process.WorkingSet64 / 1048576.0, heap / 1048576.0, app.Process.Threads.Count);
    }

    /// <summary>The heap's size after the last collection, one line per generation.</summary>
    [GeneratedRegex(@"^dotnet_gc_last_collection_heap_size_bytes\{[^}]*\} ([0-9.e+]+)", RegexOptions.Multiline)]
    private static partial Regex HeapLine();

    private static async Task RemoveContainersAsync(DockerClient docker, string installation)
    {
        var containers = await docker.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"{ContainerLease.Domain.Leases.LeaseLabels.Installation}={installation}"] = true } },
        });
        await Task.WhenAll(containers.Select(c => docker.Containers.RemoveContainerAsync(c.ID, new ContainerRemoveParameters { Force = true })));
    }

    private static async Task<AppProcess> StartAppAsync(string installation)
    {
        var settings = new Dictionary<string, string>
        {
            ["ConnectionStrings__Redis"] = Environment.GetEnvironmentVariable("BENCH_REDIS") ?? "localhost:6379",
            ["Leases__InstallationId"] = installation,
            ["Auth__Users__bench__Role"] = Roles.Admin,
            ["Auth__Users__bench__ApiKeySha256"] = Passwords.ApiKeySha256(BenchApp.ApiKey),
            ["Leases__MaxActivePerUser"] = "100000",
            // The benchmark's one user stands for many viewers.
            ["Logs__MaxStreamsPerUser"] = "10000",
            ["Live__MaxConnectionsPerUser"] = "10000",
            ["Leases__MaxMemoryMbPerUser"] = "10000000",
            ["RateLimits__ProvisionBurst"] = "100000",
            ["RateLimits__ProvisionsPerMinute"] = "100000",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
            ["Catalog__Images__talker__Image"] = BenchApp.Image,
            ["Catalog__Images__talker__Command__0"] = "sh",
            ["Catalog__Images__talker__Command__1"] = "-c",
            ["Catalog__Images__talker__Command__2"] = TalkerScript,
            ["Catalog__Images__talker__MemoryMb"] = "16",
            ["Catalog__Images__talker__Cpus"] = "0.1",
            ["Catalog__Images__talker__PidsLimit"] = "8",
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
        };
        return await AppProcess.StartAsync(settings);
    }
}
