using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Threading.Channels;
using ContainerLease.Mvc.Terminal;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.AspNetCore.SignalR.Client;

namespace ContainerLease.Bench;

/// <summary>
/// A keystroke's round trip: one character typed into a shell until the TTY's echo of it comes
/// back. Through the app, over the terminal hub from a SignalR client; the baseline, in the same
/// run and container, an exec with a TTY attached straight to the engine with Docker.DotNet.
/// </summary>
internal static class TerminalBenchmark
{
    public static async Task RunAsync(int keystrokes)
    {
        await using var app = new BenchApp();
        using var client = app.CreateApiClient();
        using var response = await client.PostAsJsonAsync("/api/provision", new { imageType = "bench", durationSeconds = 600 });
        response.EnsureSuccessStatusCode();
        var lease = (await response.Content.ReadFromJsonAsync<LeaseIds>())!;
        try
        {
            using var docker = new DockerClientConfiguration().CreateClient();
            var bare = await BareAsync(docker, lease.ContainerId, keystrokes);
            var hub = await HubAsync(client, lease.LeaseId, keystrokes);

            Console.WriteLine($"terminal round trip, {keystrokes} keystrokes each echoed by the TTY");
            Stats.PrintRow("bare Docker.DotNet exec, TTY", bare);
            Stats.PrintRow("app: TerminalHub over SignalR", hub);
            Console.WriteLine($"  median ratio (app / bare): {(Stats.Percentile(hub, 50) / Stats.Percentile(bare, 50)).ToString("0.00", CultureInfo.InvariantCulture)}");
        }
        finally
        {
            await client.DeleteAsync($"/api/leases/{lease.LeaseId}");
        }
    }

    private static async Task<List<double>> BareAsync(DockerClient docker, string containerId, int keystrokes)
    {
        var exec = await docker.Exec.ExecCreateContainerAsync(containerId, new ContainerExecCreateParameters
        {
            Cmd = ["/bin/sh"], Tty = true, AttachStdin = true, AttachStdout = true, AttachStderr = true,
        });
        using var stream = await docker.Exec.StartAndAttachContainerExecAsync(exec.ID, tty: true);
        var echoes = Channel.CreateUnbounded<string>();
        using var stop = new CancellationTokenSource();
        var reading = Task.Run(async () =>
        {
            var buffer = new byte[4096];
            while (!stop.IsCancellationRequested)
            {
                var read = await stream.ReadOutputAsync(buffer, 0, buffer.Length, stop.Token);
                if (read.EOF)
                {
                    return;
                }

                echoes.Writer.TryWrite(Encoding.UTF8.GetString(buffer, 0, read.Count));
            }
        });
        var samples = await MeasureAsync(keystrokes, echoes.Reader, key => stream.WriteAsync([(byte)key], 0, 1, CancellationToken.None));
        await stream.WriteAsync("\u0015exit\r"u8.ToArray(), 0, 6, CancellationToken.None); // Ctrl-U clears the typed line first
        await stop.CancelAsync();
        await reading.ContinueWith(_ => { }, TaskScheduler.Default);
        return samples;
    }

    private static async Task<List<double>> HubAsync(HttpClient client, string leaseId, int keystrokes)
    {
        await using var hub = BenchApp.CreateHub(client, TerminalHub.Path);
        await hub.StartAsync();
        var echoes = Channel.CreateUnbounded<string>();
        var started = new TaskCompletionSource<string>();
        using var stop = new CancellationTokenSource();
        var reading = Task.Run(async () =>
        {
            await foreach (var item in hub.StreamAsync<TerminalOutput>(nameof(TerminalHub.Open), leaseId, 80, 24, stop.Token))
            {
                if (item.Kind == "started")
                {
                    started.SetResult(item.Text);
                }
                else
                {
                    echoes.Writer.TryWrite(item.Text);
                }
            }
        });
        var session = await started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var samples = await MeasureAsync(keystrokes, echoes.Reader, key => hub.InvokeAsync(nameof(TerminalHub.Input), session, key.ToString()));
        await stop.CancelAsync();
        await reading.ContinueWith(_ => { }, TaskScheduler.Default);
        return samples;
    }

    /// <summary>Types letters one at a time, each after the previous one's echo, and times each.</summary>
    private static async Task<List<double>> MeasureAsync(int keystrokes, ChannelReader<string> echoes, Func<char, Task> type)
    {
        // The shell's prompt and greeting come first; a short quiet spell says they are over.
        while (await ReadWithinAsync(echoes, TimeSpan.FromMilliseconds(500)) is not null)
        {
        }

        var samples = new List<double>(keystrokes);
        for (var i = 0; i < keystrokes; i++)
        {
            var key = (char)('a' + (i % 26));
            var watch = Stopwatch.StartNew();
            await type(key);
            var seen = string.Empty;
            while (!seen.Contains(key, StringComparison.Ordinal))
            {
                seen += await ReadWithinAsync(echoes, TimeSpan.FromSeconds(10)) ?? throw new TimeoutException($"No echo of '{key}' within 10 s.");
            }

            samples.Add(watch.Elapsed.TotalMilliseconds);
            if (i % 60 == 59)
            {
                await type('\u0015'); // Ctrl-U: keep the line short, so the shell never redraws it
                await ReadWithinAsync(echoes, TimeSpan.FromMilliseconds(200));
            }
        }

        return samples;
    }

    private static async Task<string?> ReadWithinAsync(ChannelReader<string> echoes, TimeSpan wait)
    {
        using var timeout = new CancellationTokenSource(wait);
        try
        {
            return await echoes.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    private sealed record LeaseIds(string LeaseId, string ContainerId);
}
