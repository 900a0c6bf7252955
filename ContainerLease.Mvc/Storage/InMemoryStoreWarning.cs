using ContainerLease.Mvc.Logging;

namespace ContainerLease.Mvc.Storage;

/// <summary>Says once, at start, when leases will not survive a restart.</summary>
internal sealed class InMemoryStoreWarning(StorageChoice storage, ILogger<InMemoryStoreWarning> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!storage.UsesRedis)
        {
            AppLog.InMemoryStore(logger);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
