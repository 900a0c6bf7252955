using ContainerLease.Domain.Ports;

namespace ContainerLease.Mvc.Storage;

/// <summary>The warm pools of an app without Redis: one lock over all of them, as one instance is all there is.</summary>
internal sealed class InMemoryWarmPool : IWarmPool
{
    private readonly Dictionary<string, HashSet<string>> _ready = new(StringComparer.Ordinal);

    public Task<string?> TakeAsync(string imageType, CancellationToken ct = default)
    {
        lock (_ready)
        {
            if (_ready.TryGetValue(imageType, out var members) && members.FirstOrDefault() is { } taken)
            {
                members.Remove(taken);
                return Task.FromResult<string?>(taken);
            }

            return Task.FromResult<string?>(null);
        }
    }

    public Task AddAsync(string imageType, string containerId, CancellationToken ct = default)
    {
        lock (_ready)
        {
            if (!_ready.TryGetValue(imageType, out var members))
            {
                _ready[imageType] = members = new HashSet<string>(StringComparer.Ordinal);
            }

            members.Add(containerId);
        }

        return Task.CompletedTask;
    }

    public Task<bool> WithdrawAsync(string imageType, string containerId, CancellationToken ct = default)
    {
        lock (_ready)
        {
            return Task.FromResult(_ready.TryGetValue(imageType, out var members) && members.Remove(containerId));
        }
    }

    public Task<IReadOnlySet<string>> ReadyAsync(string imageType, CancellationToken ct = default)
    {
        lock (_ready)
        {
            return Task.FromResult<IReadOnlySet<string>>(_ready.TryGetValue(imageType, out var members) ? members.ToHashSet(StringComparer.Ordinal) : new HashSet<string>());
        }
    }
}
