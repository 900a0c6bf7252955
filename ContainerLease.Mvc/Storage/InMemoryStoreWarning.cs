using ContainerLease.Mvc.Logging;

namespace ContainerLease.Mvc.Storage;

/// <summary>Says once, at start, that leases will not survive a restart.</summary>
internal sealed class InMemoryStoreWarning(ILogger<InMemoryStoreWarning> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        AppLog.InMemoryStore(logger);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
