namespace ContainerLease.Domain.Ports;

/// <summary>What a running container uses, as the engine measures it.</summary>
public interface IContainerStats
{
    /// <summary>One reading now (the engine takes about a second, to measure CPU over it); null when the container is gone.</summary>
    Task<ContainerUsage?> ReadAsync(string containerId, CancellationToken ct = default);

    /// <summary>One reading at once, without waiting for a second sample: memory, processes and totals, but no CPU figure (0). Null when the container is gone.</summary>
    Task<ContainerUsage?> PeekAsync(string containerId, CancellationToken ct = default);

    /// <summary>A reading about every second, until the container stops or is removed, or <paramref name="ct"/> is cancelled.</summary>
    IAsyncEnumerable<ContainerUsage> StreamAsync(string containerId, CancellationToken ct = default);
}

/// <summary>One reading: CPU over the last interval (100 = one core), memory without the page cache, totals since the start for network and disk.</summary>
public sealed record ContainerUsage(
    DateTimeOffset At,
    double CpuPercent,
    long MemoryBytes,
    long MemoryLimitBytes,
    long Pids,
    long PidsLimit,
    long NetRxBytes,
    long NetTxBytes,
    long BlockReadBytes,
    long BlockWriteBytes);
