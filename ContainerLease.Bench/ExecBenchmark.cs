using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace ContainerLease.Bench;

/// <summary>
/// Exec latency: <c>POST /api/leases/{id}/exec</c> of <c>true</c>, request to answer, against a bare
/// Docker.DotNet exec create + start (attached, output read to its end) + inspect of the same command
/// in the same container, interleaved in one run so both see the same machine.
/// </summary>
internal static class ExecBenchmark
{
    private const int WarmUp = 5;

    private static readonly string[] True = ["true"];

    public static async Task RunAsync(int iterations)
    {
        using var docker = new DockerClientConfiguration().CreateClient();
        await using var app = new BenchApp();
        using var client = app.CreateApiClient();
        using var provisioned = await client.PostAsJsonAsync("/api/provision", new { imageType = "bench", durationSeconds = 3600 });
        provisioned.EnsureSuccessStatusCode();
        var lease = await provisioned.Content.ReadFromJsonAsync<JsonElement>();
        var leaseId = lease.GetProperty("leaseId").GetString()!;
        var containerId = lease.GetProperty("containerId").GetString()!;

        try
        {
            var bare = new List<double>();
            var api = new List<double>();
            for (var i = 0; i < iterations + WarmUp; i++)
            {
                var bareMs = await BareExecAsync(docker, containerId);
                var apiMs = await ApiExecAsync(client, leaseId);
                if (i >= WarmUp)
                {
                    bare.Add(bareMs);
                    api.Add(apiMs);
                }
            }

            var median = Stats.Percentile(api, 50) / Stats.Percentile(bare, 50);
            var p99 = Stats.Percentile(api, 99) / Stats.Percentile(bare, 99);
            Console.WriteLine($"exec latency, command `true`, {iterations} iterations after {WarmUp} warm-up, in one container of {BenchApp.Image}");
            Console.WriteLine("  includes on the app's side: the API key check, the lease read from Redis and its container inspected (the access check),");
            Console.WriteLine("  the exec inspected for its exit code, the history written to Redis and the page push");
            Stats.PrintRow("bare Docker.DotNet create+start+inspect", bare);
            Stats.PrintRow("POST /api/leases/{id}/exec -> 200", api);
            Console.WriteLine($"  ratio (app / bare): median {F(median)}, p99 {F(p99)}  (goal <= 1.15)");
        }
        finally
        {
            (await client.DeleteAsync($"/api/leases/{leaseId}")).EnsureSuccessStatusCode();
        }
    }

    private static string F(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);

    private static async Task<double> BareExecAsync(DockerClient docker, string containerId)
    {
        var clock = Stopwatch.StartNew();
        var exec = await docker.Exec.ExecCreateContainerAsync(containerId, new ContainerExecCreateParameters { Cmd = True, AttachStdout = true, AttachStderr = true });
        using (var stream = await docker.Exec.StartWithConfigContainerExecAsync(exec.ID, new ContainerExecStartParameters { AttachStdout = true, AttachStderr = true }, CancellationToken.None))
        {
            await stream.ReadOutputToEndAsync(CancellationToken.None);
        }

        var exitCode = (await docker.Exec.InspectContainerExecAsync(exec.ID, CancellationToken.None)).ExitCode;
        clock.Stop();
        return exitCode == 0 ? clock.Elapsed.TotalMilliseconds : throw new InvalidOperationException($"true exited with {exitCode}");
    }

    private static async Task<double> ApiExecAsync(HttpClient client, string leaseId)
    {
        var clock = Stopwatch.StartNew();
        using var response = await client.PostAsJsonAsync($"/api/leases/{leaseId}/exec", new { command = True });
        clock.Stop();
        response.EnsureSuccessStatusCode();
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        return result.GetProperty("exitCode").GetInt32() == 0 ? clock.Elapsed.TotalMilliseconds : throw new InvalidOperationException($"true answered {result}");
    }
}
