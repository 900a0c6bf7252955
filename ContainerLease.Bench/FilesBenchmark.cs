using System.Diagnostics;
using System.Formats.Tar;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using ContainerLease.Mvc.Auth;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace ContainerLease.Bench;

/// <summary>
/// A 64 MiB file of random bytes uploaded through <c>PUT /api/leases/{id}/files</c>, with a
/// Content-Length (streamed straight into the engine) and chunked (spooled first), against the
/// engine's own archive upload of the same file as a ready-made tar, interleaved in one run, in one
/// container. The app runs as its own process, so its peak resident set while uploading is its own.
/// </summary>
internal static class FilesBenchmark
{
    private const int Size = 64 * 1024 * 1024;

    public static async Task RunAsync(int runs)
    {
        var work = Directory.CreateTempSubdirectory("cl-files-bench-");
        var installation = "bench-" + Guid.NewGuid().ToString("N")[..8];
        using var docker = new DockerClientConfiguration().CreateClient();
        try
        {
            var source = work.CreateSubdirectory("source");
            var file = Path.Combine(source.FullName, "big.bin");
            await File.WriteAllBytesAsync(file, RandomNumberGenerator.GetBytes(Size));
            var tar = Path.Combine(work.FullName, "big.tar");
            await TarFile.CreateFromDirectoryAsync(source.FullName, tar, includeBaseDirectory: false);

            using var app = await AppProcess.StartAsync(Settings(installation));
            using var client = new HttpClient { BaseAddress = app.Address, Timeout = TimeSpan.FromMinutes(5) };
            client.DefaultRequestHeaders.Add(ApiKeyHandler.Header, BenchApp.ApiKey);
            using var provisioned = await client.PostAsJsonAsync("/api/provision", new { imageType = "box", durationMinutes = 30 });
            provisioned.EnsureSuccessStatusCode();
            var lease = (await provisioned.Content.ReadFromJsonAsync<LeaseIds>())!;

            // Warm-up: JIT, connection pools, the engine's first archive call.
            await BareAsync(docker, lease.ContainerId, tar);
            await PutAsync(client, lease.LeaseId, "/tmp/warm.bin", file, chunked: false);

            var before = Kilobytes(app.Process.Id, "VmRSS");
            await File.WriteAllTextAsync($"/proc/{app.Process.Id}/clear_refs", "5"); // resets VmHWM, the peak resident set
            var bare = new List<double>();
            var streamed = new List<double>();
            var spooled = new List<double>();
            for (var i = 0; i < runs; i++)
            {
                bare.Add(await BareAsync(docker, lease.ContainerId, tar));
                streamed.Add(await PutAsync(client, lease.LeaseId, $"/tmp/big-{i}.bin", file, chunked: false));
                spooled.Add(await PutAsync(client, lease.LeaseId, $"/tmp/chunked-{i}.bin", file, chunked: true));
            }

            var peak = Kilobytes(app.Process.Id, "VmHWM");
            var same = await SameAsync(client, lease.LeaseId, "/tmp/big-0.bin", file);

            Console.WriteLine($"64 MiB upload, {runs} runs each after a warm-up, interleaved, into one container of {BenchApp.Image}");
            Stats.PrintRow("bare engine PutArchive of the tar", bare);
            Stats.PrintRow("app PUT with a Content-Length", streamed);
            Stats.PrintRow("app PUT chunked (spooled first)", spooled);
            Console.WriteLine($"  throughput at the median: bare {Rate(bare)} MiB/s, app {Rate(streamed)} MiB/s, app chunked {Rate(spooled)} MiB/s");
            Console.WriteLine($"  ratio of medians (app / bare): {(Stats.Percentile(streamed, 50) / Stats.Percentile(bare, 50)).ToString("0.00", CultureInfo.InvariantCulture)}");
            Console.WriteLine($"  app resident set: {before / 1024} MB before, peak {peak / 1024} MB while uploading (+{(peak - before) / 1024} MB)");
            Console.WriteLine($"  the first upload reads back byte for byte: {same}");
            await client.DeleteAsync($"/api/leases/{lease.LeaseId}");
        }
        finally
        {
            var left = await docker.Containers.ListContainersAsync(new ContainersListParameters
            {
                All = true,
                Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"containerlease.installation={installation}"] = true } },
            });
            foreach (var container in left)
            {
                await docker.Containers.RemoveContainerAsync(container.ID, new ContainerRemoveParameters { Force = true, RemoveVolumes = true });
            }

            work.Delete(recursive: true);
        }
    }

    private static async Task<double> BareAsync(DockerClient docker, string containerId, string tar)
    {
        await using var body = File.OpenRead(tar);
        var watch = Stopwatch.StartNew();
        await docker.Containers.ExtractArchiveToContainerAsync(containerId, new ContainerPathStatParameters { Path = "/tmp" }, body);
        return watch.Elapsed.TotalMilliseconds;
    }

    private static async Task<double> PutAsync(HttpClient client, string leaseId, string path, string file, bool chunked)
    {
        await using var body = File.OpenRead(file);
        using var content = new StreamContent(body, 1024 * 1024);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/leases/{leaseId}/files?path={Uri.EscapeDataString(path)}") { Content = content };
        if (chunked)
        {
            request.Headers.TransferEncodingChunked = true;
        }
        else
        {
            content.Headers.ContentLength = Size;
        }

        var watch = Stopwatch.StartNew();
        using var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return watch.Elapsed.TotalMilliseconds;
    }

    private static async Task<bool> SameAsync(HttpClient client, string leaseId, string path, string file)
    {
        await using var download = await client.GetStreamAsync($"/api/leases/{leaseId}/files?path={Uri.EscapeDataString(path)}");
        await using var original = File.OpenRead(file);
        var downloaded = await SHA256.HashDataAsync(download);
        var expected = await SHA256.HashDataAsync(original);
        return downloaded.AsSpan().SequenceEqual(expected);
    }

    private static string Rate(List<double> milliseconds) =>
        (64 / (Stats.Percentile(milliseconds, 50) / 1000)).ToString("0", CultureInfo.InvariantCulture);

    private static long Kilobytes(int pid, string field) =>
        long.Parse(File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith(field + ":", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);

    private static Dictionary<string, string> Settings(string installation) => new()
    {
        ["ConnectionStrings__Redis"] = Environment.GetEnvironmentVariable("BENCH_REDIS") ?? "localhost:6379",
        ["Leases__InstallationId"] = installation,
        ["Auth__Users__bench__Role"] = Roles.Admin,
        ["Auth__Users__bench__ApiKeySha256"] = Passwords.ApiKeySha256(BenchApp.ApiKey),
        ["Logging__LogLevel__Default"] = "Warning",
        ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
        ["Catalog__Images__box__Image"] = BenchApp.Image,
        ["Catalog__Images__box__Command__0"] = "sleep",
        ["Catalog__Images__box__Command__1"] = "3600",
        ["Catalog__Images__box__MemoryMb"] = "64",
        ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
    };

    private sealed record LeaseIds(string LeaseId, string ContainerId);
}
