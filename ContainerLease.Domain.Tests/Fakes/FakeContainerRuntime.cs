using ContainerLease.Domain.Errors;
using System.Runtime.CompilerServices;
using ContainerLease.Domain.Leases;
using ContainerLease.Domain.Logs;
using ContainerLease.Domain.Ports;

namespace ContainerLease.Domain.Tests.Fakes;

/// <summary>One call to <see cref="FakeContainerRuntime.RemoveAsync"/> that reached the engine.</summary>
/// <param name="Existed">Whether the container was still there (the value RemoveAsync returned).</param>
public sealed record Removal(string ContainerId, DateTimeOffset At, bool Existed);

/// <summary>
/// A container engine in memory: records what was started and removed, and when (by the given clock),
/// and can be told to fail on start, on remove, or to be unreachable altogether.
/// </summary>
public sealed class FakeContainerRuntime(TimeProvider time, string installationId) : IContainerRuntime
{
    private readonly HashSet<string> _running = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ManagedContainer> _listed = new(StringComparer.Ordinal);

    // The warm pool's refill starts members in parallel, as against a real engine.
    private readonly Lock _lock = new();
    private int _next;

    /// <summary>Every spec a container was started from, in order.</summary>
    public List<ContainerSpec> Started { get; } = [];

    /// <summary>The ids handed out by <see cref="StartAsync"/>, in order.</summary>
    public List<string> StartedIds { get; } = [];

    /// <summary>Every removal that reached the engine (not the ones that failed).</summary>
    public List<Removal> Removals { get; } = [];

    /// <summary>The ids of containers that were actually removed (they existed).</summary>
    public IEnumerable<string> RemovedIds => Removals.Where(r => r.Existed).Select(r => r.ContainerId);

    public List<string> EnsuredImages { get; } = [];

    /// <summary>Thrown by <see cref="StartAsync"/> when set.</summary>
    public Exception? StartFailure { get; set; }

    /// <summary>Thrown by <see cref="RemoveAsync"/> when set.</summary>
    public Exception? RemoveFailure { get; set; }

    /// <summary>Thrown by <see cref="RemoveAsync"/> for the container with that id only; every other removal works.</summary>
    public Dictionary<string, Exception> RemoveFailuresFor { get; } = new(StringComparer.Ordinal);


    /// <summary>Runs inside <see cref="StartAsync"/> once the container is up: lets a test play a concurrent writer.</summary>
    public Action<ContainerSpec>? OnStart { get; set; }

    /// <summary>Runs once <see cref="ListManagedAsync"/> has taken its listing: lets a test change the engine behind a sweep's back.</summary>
    public Action? AfterList { get; set; }

    /// <summary>When true every call throws <see cref="DependencyUnavailableException"/>, as when the engine is down.</summary>
    public bool Unavailable { get; set; }

    public bool IsRunning(string containerId) => _running.Contains(containerId);

    /// <summary>The container disappears without the app removing it (someone ran docker rm).</summary>
    public void Vanish(string containerId) => _running.Remove(containerId);

    /// <summary>Lists the container as lost from now on (a cluster's node went down under it).</summary>
    public void Lose(string containerId, string why) => _listed[containerId] = _listed[containerId] with { Lost = why };


    /// <summary>Images the engine already has; empty means every image (no pull needed), as most tests want.</summary>
    public HashSet<string> Present { get; } = new(StringComparer.Ordinal);

    /// <summary>Awaited by <see cref="EnsureImageAsync"/> for an image not <see cref="Present"/>: lets a test hold a pull, or fail it.</summary>
    public Func<string, IProgress<Images.PullProgress>?, Task>? Pull { get; set; }

    public async Task EnsureImageAsync(string image, IProgress<Images.PullProgress>? progress = null, CancellationToken ct = default)
    {
        ThrowIfUnavailable(ct);
        EnsuredImages.Add(image);
        if (Pull is { } pull && !await HasImageAsync(image, ct))
        {
            await pull(image, progress).WaitAsync(ct);
            Present.Add(image);
        }
    }

    public Task<bool> HasImageAsync(string image, CancellationToken ct = default)
    {
        ThrowIfUnavailable(ct);
        return Task.FromResult(Present.Count == 0 || Present.Contains(image));
    }

    public Task<string> StartAsync(ContainerSpec spec, CancellationToken ct = default)
    {
        ThrowIfUnavailable(ct);
        if (StartFailure is { } failure)
        {
            throw failure;
        }

        string id;
        lock (_lock)
        {
            id = $"container-{++_next}";
            Started.Add(spec);
            StartedIds.Add(id);
            _running.Add(id);
            _listed[id] = new ManagedContainer(id, spec.Labels, time.GetUtcNow(), Name: spec.Name);
        }

        OnStart?.Invoke(spec);
        return Task.FromResult(id);
    }

    /// <summary>Runs while a removal is under way, as another writer to the lease might (a terminal closing, a command's history entry).</summary>
    public Func<string, Task>? DuringRemove { get; set; }

    public async Task<bool> RemoveAsync(string containerId, CancellationToken ct = default)
    {
        ThrowIfUnavailable(ct);
        if (DuringRemove is { } during)
        {
            await during(containerId);
        }

        if (RemoveFailure is { } failure)
        {
            throw failure;
        }

        if (RemoveFailuresFor.TryGetValue(containerId, out var forThisOne))
        {
            throw forThisOne;
        }

        lock (_lock)
        {
            var existed = _running.Remove(containerId);
            Removals.Add(new Removal(containerId, time.GetUtcNow(), existed));
            return existed;
        }
    }

    public Task<bool> RenameAsync(string containerId, string name, CancellationToken ct = default)
    {
        ThrowIfUnavailable(ct);
        if (!_running.Contains(containerId))
        {
            return Task.FromResult(false);
        }

        _listed[containerId] = _listed[containerId] with { Name = name };
        Renames.Add((containerId, name));
        return Task.FromResult(true);
    }

    public List<(string ContainerId, string Name)> Renames { get; } = [];

    /// <summary>Puts a container on the fake engine without the app, as if made by an earlier run or another installation.</summary>
    public void Plant(ManagedContainer container)
    {
        _running.Add(container.Id);
        _listed[container.Id] = container;
    }

    public Task<IReadOnlyList<ManagedContainer>> ListManagedAsync(bool withSizes = false, CancellationToken ct = default)
    {
        ThrowIfUnavailable(ct);
        IReadOnlyList<ManagedContainer> listed = [.. _listed.Values.Where(c => _running.Contains(c.Id)
            && c.Labels.GetValueOrDefault(LeaseLabels.Managed) == "true"
            && c.Labels.GetValueOrDefault(LeaseLabels.Installation) == installationId)
            .Select(c => withSizes ? c with { WrittenBytes = Written.GetValueOrDefault(c.Id) } : c)];
        AfterList?.Invoke();
        return Task.FromResult(listed);
    }

    /// <summary>What each container has written to its own file system, as a listing with sizes reports it.</summary>
    public Dictionary<string, long> Written { get; } = new(StringComparer.Ordinal);

    /// <summary>What each container "printed", for <see cref="StreamLogsAsync"/>.</summary>
    public Dictionary<string, List<LogLine>> Logs { get; } = new(StringComparer.Ordinal);

    /// <summary>The <c>since</c> each log read asked the engine for, in order.</summary>
    public List<string?> LogReadsSince { get; } = [];

    public Task<bool> IsManagedAsync(string containerId, CancellationToken ct = default)
    {
        ThrowIfUnavailable(ct);
        return Task.FromResult(_running.Contains(containerId)
            && _listed.TryGetValue(containerId, out var c)
            && c.Labels.GetValueOrDefault(LeaseLabels.Managed) == "true"
            && c.Labels.GetValueOrDefault(LeaseLabels.Installation) == installationId);
    }

    /// <summary>Like the engine: from <paramref name="since"/> inclusive (timestamps compare as text), else the tail; a follow may stall (<see cref="StalledFollows"/>).</summary>
    public async IAsyncEnumerable<LogLine> StreamLogsAsync(string containerId, string? since, int tail, bool follow, [EnumeratorCancellation] CancellationToken ct = default)
    {
        ThrowIfUnavailable(ct);
        LogReadsSince.Add(since);
        var lines = Logs.GetValueOrDefault(containerId) ?? [];
        var selected = since is null ? lines.TakeLast(tail) : lines.Where(l => string.CompareOrdinal(l.Timestamp, since) >= 0);
        foreach (var line in selected.ToList())
        {
            await Task.Yield();
            yield return line;
        }

        if (follow && StalledFollows > 0)
        {
            StalledFollows--;
            await Task.Delay(Timeout.Infinite, ct); // the engine's follow stopped at a rotation and never ends
        }
    }

    /// <summary>How many of the next log follows stall for good after their lines, as the engine's can at a rotation.</summary>
    public int StalledFollows { get; set; }

    public Task<ContainerState?> InspectAsync(string containerId, CancellationToken ct = default)
    {
        ThrowIfUnavailable(ct);
        return Task.FromResult(_running.Contains(containerId) ? new ContainerState("running", true, null) : null);
    }

    public Task<string?> ImageDigestAsync(string containerId, CancellationToken ct = default)
    {
        ThrowIfUnavailable(ct);
        return Task.FromResult(_running.Contains(containerId) ? ImageDigest : null);
    }

    /// <summary>What <see cref="ImageDigestAsync"/> says every running container runs.</summary>
    public string ImageDigest { get; set; } = "sha256:" + new string('f', 64);

    private void ThrowIfUnavailable(CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        if (Unavailable)
        {
            throw new DependencyUnavailableException(DependencyUnavailableException.Docker, "The fake engine is down.");
        }
    }
}
