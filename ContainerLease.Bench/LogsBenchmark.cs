using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using ContainerLease.Mvc.Auth;
using ContainerLease.Mvc.Live;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.AspNetCore.SignalR.Client;

namespace ContainerLease.Bench;

/// <summary>
/// A container prints numbered lines as fast as it can; one viewer counts what arrives over
/// SignalR. The baseline, in the same run, reads the same kind of container straight from the
/// engine with Docker.DotNet. Latency is from each line's engine timestamp to its arrival.
/// </summary>
internal static class LogsBenchmark
{
    public const int Lines = 200_000;

    /// <summary>Waits a moment so the reader is attached before the flood starts.</summary>
    public static readonly string FloodScript = $"sleep 3; i=0; while [ $i -lt {Lines} ]; do i=$((i+1)); echo \"line $i\"; done; sleep 3600";

    public static async Task RunAsync()
    {
        using var docker = new DockerClientConfiguration().CreateClient();
        var bare = await BareAsync(docker);
        await using var app = new BenchApp();
        using var client = app.CreateApiClient();
        var viewer = await ViewerAsync(app, client);

        Console.WriteLine($"log streaming, {Lines} numbered lines printed as fast as busybox sh can");
        Print("bare Docker.DotNet follow", bare);
        Print("app: SignalR StreamLogs viewer", viewer);
        Console.WriteLine($"  throughput ratio (app / bare): {(viewer.LinesPerSecond / bare.LinesPerSecond).ToString("0.00", CultureInfo.InvariantCulture)}");
        Console.WriteLine($"  app process peak working set during the viewer run: {viewer.PeakMegabytes:0} MB (in-process host: app and viewer together)");
    }

    private static void Print(string name, Result result)
    {
        Console.WriteLine($"  {name,-34} {result.Received,7} lines  {result.LinesPerSecond,9:0} lines/s  lost {result.Lost}  skipped-notices {result.SkipNotices}");
        Stats.PrintRow("    latency engine stamp -> arrival", result.LatenciesMs);
    }

    private static async Task<Result> BareAsync(DockerClient docker)
    {
        var created = await docker.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Image = BenchApp.Image,
            Cmd = ["sh", "-c", FloodScript],
            Labels = new Dictionary<string, string> { ["containerlease.bench"] = "logs" },
            HostConfig = new HostConfig { NetworkMode = "none", Memory = 64L * 1024 * 1024, NanoCPUs = 1_000_000_000 },
        });
        try
        {
            await docker.Containers.StartContainerAsync(created.ID, new ContainerStartParameters());
            var counter = new Counter();
            using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            using var stream = await docker.Containers.GetContainerLogsAsync(created.ID, false, new ContainerLogsParameters { ShowStdout = true, Timestamps = true, Follow = true }, stop.Token);
            var buffer = new byte[64 * 1024];
            var partial = string.Empty;
            while (!counter.Done)
            {
                var read = await stream.ReadOutputAsync(buffer, 0, buffer.Length, stop.Token);
                if (read.EOF)
                {
                    break;
                }

                var text = partial + System.Text.Encoding.UTF8.GetString(buffer, 0, read.Count);
                var cut = text.LastIndexOf('\n');
                partial = text[(cut + 1)..];
                foreach (var line in text[..Math.Max(cut, 0)].Split('\n', StringSplitOptions.RemoveEmptyEntries))
                {
                    var space = line.IndexOf(' ', StringComparison.Ordinal);
                    counter.Add(line[..space], line[(space + 1)..]);
                }
            }

            return counter.Result(peakMegabytes: 0);
        }
        finally
        {
            await docker.Containers.RemoveContainerAsync(created.ID, new ContainerRemoveParameters { Force = true });
        }
    }

    private static async Task<Result> ViewerAsync(BenchApp app, HttpClient client)
    {
        using var response = await client.PostAsJsonAsync("/api/provision", new { imageType = "flood", durationSeconds = 600 });
        response.EnsureSuccessStatusCode();
        var lease = await response.Content.ReadFromJsonAsync<JsonElement>();
        var leaseId = lease.GetProperty("leaseId").GetString()!;
        var since = lease.GetProperty("createdAt").GetDateTimeOffset().AddSeconds(-1).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffff00Z", CultureInfo.InvariantCulture);
        await using var hub = BenchApp.CreateHub(client, LogsHub.Path);
        await hub.StartAsync();

        var counter = new Counter();
        long peak = 0;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, Process.GetCurrentProcess().WorkingSet64);
                await Task.Delay(100, CancellationToken.None);
            }
        });
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await foreach (var item in hub.StreamAsync<LogItem>("StreamLogs", leaseId, since, 0, stop.Token))
            {
                if (item.Stream == "system")
                {
                    counter.SkipNotices++;
                    continue;
                }

                counter.Add(item.Timestamp, item.Message);
                if (counter.Done)
                {
                    await stop.CancelAsync();
                }
            }
        }
        catch (OperationCanceledException) when (counter.Done)
        {
            // Every line arrived; the viewer leaves.
        }

        await sampling.CancelAsync();
        await sampler;
        (await client.DeleteAsync($"/api/leases/{leaseId}")).EnsureSuccessStatusCode();
        return counter.Result(peak / (1024.0 * 1024.0));
    }

    private sealed class Counter
    {
        private readonly Stopwatch _clock = new();
        private readonly List<double> _latencies = [];
        private int _next = 1;
        private int _lost;
        private int _received;

        public int SkipNotices { get; set; }

        public bool Done => _next > Lines;

        public void Add(string timestamp, string message)
        {
            if (!message.StartsWith("line ", StringComparison.Ordinal))
            {
                return;
            }

            _clock.Start();
            var arrived = DateTimeOffset.UtcNow;
            var number = int.Parse(message.AsSpan(5), CultureInfo.InvariantCulture);
            _lost += Math.Max(0, number - _next);
            _next = number + 1;
            _received++;
            if (_received % 100 == 0)
            {
                _latencies.Add((arrived - Parse(timestamp)).TotalMilliseconds);
            }
        }

        public Result Result(double peakMegabytes) =>
            new(_received, _received / Math.Max(_clock.Elapsed.TotalSeconds, 0.001), _lost, SkipNotices, _latencies, peakMegabytes);

        /// <summary>The engine writes nine fractional digits; .NET keeps seven.</summary>
        private static DateTimeOffset Parse(string timestamp)
        {
            var dot = timestamp.IndexOf('.', StringComparison.Ordinal);
            var trimmed = dot < 0 ? timestamp : timestamp[..Math.Min(timestamp.Length - 1, dot + 8)] + "Z";
            return DateTimeOffset.Parse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        }
    }

    private sealed record Result(int Received, double LinesPerSecond, int Lost, int SkipNotices, List<double> LatenciesMs, double PeakMegabytes);
}
