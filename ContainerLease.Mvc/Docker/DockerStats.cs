using System.Runtime.CompilerServices;
using System.Threading.Channels;
using ContainerLease.Domain.Ports;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace ContainerLease.Mvc.Docker;

/// <summary>The engine's stats, reduced to what a lease's owner can judge: the figures <c>docker stats</c> shows.</summary>
internal sealed class DockerStats(IDockerClient docker, DockerCalls calls) : IContainerStats
{
    public Task<ContainerUsage?> ReadAsync(string containerId, CancellationToken ct = default) =>
        ReadOnceAsync(containerId, new ContainerStatsParameters { Stream = false }, ct);

    public Task<ContainerUsage?> PeekAsync(string containerId, CancellationToken ct = default) =>
        ReadOnceAsync(containerId, new ContainerStatsParameters { Stream = false, OneShot = true }, ct);

    private async Task<ContainerUsage?> ReadOnceAsync(string containerId, ContainerStatsParameters parameters, CancellationToken ct)
    {
        ContainerStatsResponse? reading = null;
        try
        {
            await calls.RunAsync(
                () => docker.Containers.GetContainerStatsAsync(containerId, parameters, new Progress(r => reading = r), ct),
                ct);
        }
        catch (DockerContainerNotFoundException)
        {
            return null;
        }

        return reading is null ? null : Usage(reading);
    }

    public async IAsyncEnumerable<ContainerUsage> StreamAsync(string containerId, [EnumeratorCancellation] CancellationToken ct = default)
    {
        // The engine reports through a callback; a reading not yet taken is replaced by the next.
        var readings = Channel.CreateBounded<ContainerStatsResponse>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest });
        var streaming = StreamIntoAsync(containerId, readings.Writer, ct);
        await foreach (var reading in readings.Reader.ReadAllAsync(CancellationToken.None))
        {
            yield return Usage(reading);
        }

        await streaming;
    }

    private async Task StreamIntoAsync(string containerId, ChannelWriter<ContainerStatsResponse> readings, CancellationToken ct)
    {
        try
        {
            await calls.RunAsync(
                () => docker.Containers.GetContainerStatsAsync(containerId, new ContainerStatsParameters { Stream = true }, new Progress(r => readings.TryWrite(r)), ct),
                ct);
            readings.TryComplete();
        }
        catch (Exception ex) when (ex is DockerContainerNotFoundException || (ex is OperationCanceledException && ct.IsCancellationRequested))
        {
            readings.TryComplete();
        }
        catch (Exception ex)
        {
            readings.TryComplete(ex);
        }
    }

    /// <summary>As the Docker CLI computes them (cli/command/container/stats_helpers.go).</summary>
    public static ContainerUsage Usage(ContainerStatsResponse r)
    {
        var cpuDelta = (double)r.CPUStats.CPUUsage.TotalUsage - r.PreCPUStats.CPUUsage.TotalUsage;
        var systemDelta = (double)r.CPUStats.SystemUsage - r.PreCPUStats.SystemUsage;
        var cpus = r.CPUStats.OnlineCPUs > 0 ? r.CPUStats.OnlineCPUs : (uint)(r.CPUStats.CPUUsage.PercpuUsage?.Count ?? 1);
        var cpu = cpuDelta > 0 && systemDelta > 0 ? cpuDelta / systemDelta * cpus * 100 : 0;

        // The page cache counts as used but is given back under pressure; the CLI leaves it out.
        var stats = r.MemoryStats.Stats ?? new Dictionary<string, ulong>();
        var cache = stats.TryGetValue("total_inactive_file", out var v1) ? v1 : stats.TryGetValue("inactive_file", out var v2) ? v2 : 0;
        var memory = r.MemoryStats.Usage >= cache ? r.MemoryStats.Usage - cache : r.MemoryStats.Usage;

        var networks = r.Networks?.Values ?? [];
        var block = r.BlkioStats?.IoServiceBytesRecursive ?? [];
        return new ContainerUsage(
            r.Read,
            Math.Round(cpu, 2),
            (long)memory,
            (long)r.MemoryStats.Limit,
            (long)r.PidsStats.Current,
            (long)r.PidsStats.Limit,
            networks.Sum(n => (long)n.RxBytes),
            networks.Sum(n => (long)n.TxBytes),
            block.Where(b => string.Equals(b.Op, "read", StringComparison.OrdinalIgnoreCase)).Sum(b => (long)b.Value),
            block.Where(b => string.Equals(b.Op, "write", StringComparison.OrdinalIgnoreCase)).Sum(b => (long)b.Value));
    }

    private sealed class Progress(Action<ContainerStatsResponse> report) : IProgress<ContainerStatsResponse>
    {
        public void Report(ContainerStatsResponse value) => report(value);
    }
}
