using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Docker.DotNet;

namespace ContainerLease.Bench;

/// <summary>
/// The port proxy: a small file from busybox httpd in a leased container, through
/// <c>/leases/{id}/ports/8080/</c> with an API key, against the same request sent straight to the
/// container's address on the installation's bridge, interleaved in one run. First one request at
/// a time (latency), then 16 clients at once for a few seconds each way (throughput).
/// </summary>
internal static class ProxyBenchmark
{
    private const int WarmUp = 20;

    private const int Clients = 16;

    private static readonly TimeSpan ThroughputRun = TimeSpan.FromSeconds(5);

    public static async Task RunAsync(int iterations)
    {
        using var docker = new DockerClientConfiguration().CreateClient();
        await using var app = new BenchApp(new Dictionary<string, string?>
        {
            ["Catalog:Images:web:Image"] = BenchApp.Image,
            ["Catalog:Images:web:Network"] = "bridge",
            ["Catalog:Images:web:Ports:0"] = "8080",
            ["Catalog:Images:web:Cpus"] = "1",
            ["Catalog:Images:web:PidsLimit"] = "256",
            ["Catalog:Images:web:Command:0"] = "sh",
            ["Catalog:Images:web:Command:1"] = "-c",
            ["Catalog:Images:web:Command:2"] = "mkdir -p /www && head -c 1024 /dev/zero | tr '\\0' x > /www/file && exec httpd -f -p 8080 -h /www",
        });
        using var client = app.CreateApiClient();
        using var provisioned = await client.PostAsJsonAsync("/api/provision", new { imageType = "web", durationSeconds = 3600 });
        provisioned.EnsureSuccessStatusCode();
        var lease = await provisioned.Content.ReadFromJsonAsync<JsonElement>();
        var leaseId = lease.GetProperty("leaseId").GetString()!;
        var container = await docker.Containers.InspectContainerAsync(lease.GetProperty("containerId").GetString()!);
        var address = container.NetworkSettings.Networks["containerlease-" + app.InstallationId].IPAddress;
        using var direct = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = new Uri($"http://{address}:8080/") };
        var proxied = $"/leases/{leaseId}/ports/8080/file";

        try
        {
            await WaitUntilServingAsync(direct);
            var bare = new List<double>();
            var proxy = new List<double>();
            for (var i = 0; i < iterations + WarmUp; i++)
            {
                var bareMs = await TimeAsync(direct, "file");
                var proxyMs = await TimeAsync(client, proxied);
                if (i >= WarmUp)
                {
                    bare.Add(bareMs);
                    proxy.Add(proxyMs);
                }
            }

            Console.WriteLine($"port proxy, GET of a 1 KB file from busybox httpd (one connection per request on its side), {iterations} requests each way after {WarmUp} warm-up");
            Console.WriteLine("  includes on the app's side: the API key check, the lease check (remembered until it changes, 1 s at most: Leases:ReadCacheTime), the container's address (remembered 5 s), YARP's forwarding");
            Stats.PrintRow("straight to the container's address", bare);
            Stats.PrintRow("through /leases/{id}/ports/8080/", proxy);
            Console.WriteLine($"  overhead: median {Stats.Ms(Stats.Percentile(proxy, 50) - Stats.Percentile(bare, 50))}, p99 {Stats.Ms(Stats.Percentile(proxy, 99) - Stats.Percentile(bare, 99))}  (goal: median <= 1 ms)");

            var bareRate = await ThroughputAsync(direct, "file");
            var proxyRate = await ThroughputAsync(client, proxied);
            Console.WriteLine($"throughput, {Clients} clients for {ThroughputRun.TotalSeconds:0} s each way");
            Console.WriteLine($"  straight to the container's address   {F(bareRate),8} requests/s");
            Console.WriteLine($"  through /leases/{{id}}/ports/8080/      {F(proxyRate),8} requests/s");
            Console.WriteLine($"  ratio (proxy / straight): {(proxyRate / bareRate).ToString("0.00", CultureInfo.InvariantCulture)}  (goal >= 0.8)");
        }
        finally
        {
            (await client.DeleteAsync($"/api/leases/{leaseId}")).EnsureSuccessStatusCode();
        }
    }

    private static string F(double value) => value.ToString("0", CultureInfo.InvariantCulture);

    private static async Task WaitUntilServingAsync(HttpClient direct)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                (await direct.GetAsync("file")).EnsureSuccessStatusCode();
                return;
            }
            catch (HttpRequestException) when (attempt < 50)
            {
                await Task.Delay(100);
            }
        }
    }

    private static async Task<double> TimeAsync(HttpClient client, string path)
    {
        var clock = Stopwatch.StartNew();
        using var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsByteArrayAsync();
        clock.Stop();
        response.EnsureSuccessStatusCode();
        return body.Length == 1024 ? clock.Elapsed.TotalMilliseconds : throw new InvalidOperationException($"{path} answered {body.Length} bytes");
    }

    private static async Task<double> ThroughputAsync(HttpClient client, string path)
    {
        var done = 0;
        var until = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(async _ =>
        {
            while (until.Elapsed < ThroughputRun)
            {
                await TimeAsync(client, path);
                Interlocked.Increment(ref done);
            }
        }));
        return done / until.Elapsed.TotalSeconds;
    }
}
