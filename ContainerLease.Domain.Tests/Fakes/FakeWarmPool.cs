using ContainerLease.Domain.Ports;

namespace ContainerLease.Domain.Tests.Fakes;

/// <summary>Ready pool members by entry, taken in the order they were added.</summary>
public sealed class FakeWarmPool : IWarmPool, IPoolRefills
{
    private readonly Dictionary<string, List<string>> _ready = new(StringComparer.Ordinal);

    // A refill adds members from parallel starts, as against a real store.
    private readonly Lock _lock = new();

    public int RefillRequests { get; private set; }

    public Task<string?> TakeAsync(string imageType, CancellationToken ct = default)
    {
        lock (_lock)
        {
            return Task.FromResult(Take(imageType));
        }
    }

    private string? Take(string imageType)
    {
        if (_ready.TryGetValue(imageType, out var members) && members.Count > 0)
        {
            var taken = members[0];
            members.RemoveAt(0);
            return taken;
        }

        return null;
    }

    public Task AddAsync(string imageType, string containerId, CancellationToken ct = default)
    {
        lock (_lock)
        {
            if (!_ready.TryGetValue(imageType, out var members))
            {
                _ready[imageType] = members = [];
            }

            if (!members.Contains(containerId))
            {
                members.Add(containerId);
            }
        }

        return Task.CompletedTask;
    }

    public Task<bool> WithdrawAsync(string imageType, string containerId, CancellationToken ct = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_ready.TryGetValue(imageType, out var members) && members.Remove(containerId));
        }
    }

    public Task<IReadOnlySet<string>> ReadyAsync(string imageType, CancellationToken ct = default)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlySet<string>>(_ready.TryGetValue(imageType, out var members) ? members.ToHashSet() : new HashSet<string>());
        }
    }

    public void Request() => RefillRequests++;
}
