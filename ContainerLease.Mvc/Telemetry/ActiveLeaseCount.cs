using ContainerLease.Domain.Errors;
using ContainerLease.Domain.Ports;

namespace ContainerLease.Mvc.Telemetry;

/// <summary>
/// The number of active leases, read from the store every few seconds for the gauge: a gauge is
/// read synchronously when scraped, and a store read there would block a thread on network I/O.
/// </summary>
public sealed class ActiveLeaseCount(ILeaseStore store, TimeProvider time) : BackgroundService
{
    /// <summary>Well inside any scrape interval worth having, and one ZCARD per instance.</summary>
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    private long _value = -1;

    /// <summary>The last count read, or null while the store does not answer (a gauge then reports nothing rather than an old number).</summary>
    public long? Value => Interlocked.Read(ref _value) is var value and >= 0 ? value : null;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                Interlocked.Exchange(ref _value, (await store.ListActiveAsync(0, 1, stoppingToken)).Total);
            }
            catch (DependencyUnavailableException)
            {
                // The store's outage is the readiness check's to report; the gauge only goes quiet.
                Interlocked.Exchange(ref _value, -1);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
