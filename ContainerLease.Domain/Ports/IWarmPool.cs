namespace ContainerLease.Domain.Ports;

/// <summary>
/// The ready members of each entry's warm pool, shared by every instance. Taking one is atomic:
/// two requests, on one instance or several, never get the same container.
/// </summary>
public interface IWarmPool
{
    /// <summary>Takes a ready member of the entry's pool, or null when it has none.</summary>
    Task<string?> TakeAsync(string imageType, CancellationToken ct = default);

    /// <summary>Offers a started (and healthy) member for the taking.</summary>
    Task AddAsync(string imageType, string containerId, CancellationToken ct = default);

    /// <summary>Withdraws a member before it is removed; false when it was not ready to take (taken meanwhile, or never offered).</summary>
    Task<bool> WithdrawAsync(string imageType, string containerId, CancellationToken ct = default);

    /// <summary>The members ready to take.</summary>
    Task<IReadOnlySet<string>> ReadyAsync(string imageType, CancellationToken ct = default);
}

/// <summary>Asks for the pools to be topped up soon (after a claim), rather than at their next round.</summary>
public interface IPoolRefills
{
    void Request();
}
