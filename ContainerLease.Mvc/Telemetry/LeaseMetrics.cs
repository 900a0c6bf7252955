using System.Diagnostics.Metrics;
using ContainerLease.Domain.Catalog;
using ContainerLease.Domain.Leases;
using ContainerLease.Domain.Pool;
using ContainerLease.Domain.Sweeping;
using ContainerLease.Mvc.Live;

namespace ContainerLease.Mvc.Telemetry;

/// <summary>
/// The instruments operators watch, exported at <c>/metrics</c> in the Prometheus format.
/// Gauges read the state when scraped; counters and histograms are recorded where things happen.
/// </summary>
public sealed class LeaseMetrics
{
    public const string MeterName = "ContainerLease";

    private readonly Counter<long> _provisions;
    private readonly Histogram<double> _provisionSeconds;
    private readonly Counter<long> _expiries;
    private readonly Histogram<double> _expiryLagSeconds;
    private readonly Counter<long> _reapFailures;
    private readonly Counter<long> _sweeps;
    private readonly Counter<long> _swept;
    private readonly Counter<long> _logStreamsRefused;
    private readonly Counter<long> _hubConnectionsRefused;
    private readonly Counter<long> _webhookDeliveries;
    private readonly Histogram<double> _webhookLatencySeconds;
    private readonly Counter<long> _auditWriteFailures;
    private readonly Counter<long> _poolClaims;
    private readonly Counter<long> _poolMisses;
    private readonly Histogram<double> _poolRefillSeconds;
    private readonly ImageCatalog _catalog;
    private IReadOnlyDictionary<string, int> _poolReady = new Dictionary<string, int>();

    private readonly TimeProvider _time;

    public LeaseMetrics(IMeterFactory meters, ActiveLeaseCount activeLeases, OpenLogStreams streams, ImageCatalog catalog, TimeProvider time)
    {
        _time = time;
        _catalog = catalog;
        var meter = meters.Create(MeterName);
        _provisions = meter.CreateCounter<long>("containerlease.provisions", description: "Provision attempts, by outcome.");
        _provisionSeconds = meter.CreateHistogram<double>("containerlease.provision.duration", "s", "Time from request to a running, stored, scheduled lease.");
        _expiries = meter.CreateCounter<long>("containerlease.expiries", description: "Leases ended by their expiry job.");
        _expiryLagSeconds = meter.CreateHistogram<double>("containerlease.expiry.lag", "s", "How long after expiresAt the container was removed.");
        _reapFailures = meter.CreateCounter<long>("containerlease.reap.failures", description: "Expiry attempts that failed and will be retried.");
        _sweeps = meter.CreateCounter<long>("containerlease.sweeps", description: "Sweep runs.");
        _swept = meter.CreateCounter<long>("containerlease.swept", description: "What sweeps did, by action (adopted, removed, expired, gone, failed).");

        meter.CreateObservableGauge("containerlease.leases.active", () => ActiveLeases(activeLeases), description: "Active leases in this installation.");
        _logStreamsRefused = meter.CreateCounter<long>("containerlease.log_streams.refused", description: "Log streams refused because their user held as many as Logs:MaxStreamsPerUser.");
        _hubConnectionsRefused = meter.CreateCounter<long>("containerlease.hub_connections.refused", description: "Hub connections refused because their user held as many as Live:MaxConnectionsPerUser.");
        _webhookDeliveries = meter.CreateCounter<long>("containerlease.webhook.deliveries", description: "Webhook delivery attempts, by outcome (delivered, failed, dropped).");
        _webhookLatencySeconds = meter.CreateHistogram<double>("containerlease.webhook.latency", "s", "From a lease event to its receiver's 2xx answer, retries included.");
        _auditWriteFailures = meter.CreateCounter<long>("containerlease.audit.write_failures", description: "Audit log entries that could not be written.");
        _poolClaims = meter.CreateCounter<long>("containerlease.pool.claims", description: "Provisions that took a ready container from their entry's warm pool.");
        _poolMisses = meter.CreateCounter<long>("containerlease.pool.misses", description: "Provisions of an entry with a warm pool that found it empty and made a container.");
        _poolRefillSeconds = meter.CreateHistogram<double>("containerlease.pool.refill.duration", "s", "How long one refill of the warm pools took.");
        meter.CreateObservableGauge("containerlease.pool.ready", () => _poolReady.Select(p => new Measurement<int>(p.Value, new KeyValuePair<string, object?>("image_type", p.Key))),
            description: "Warm pool members ready to take, by entry, as the last refill left them.");
        meter.CreateObservableGauge("containerlease.pool.target", () => catalog.Images.Where(i => i.Value.WarmPool.Size > 0).Select(i => new Measurement<int>(i.Value.WarmPool.Size, new KeyValuePair<string, object?>("image_type", i.Key))),
            description: "Warm pool size each entry asks for.");
        meter.CreateObservableGauge("containerlease.log_streams.open", () => streams.Count, description: "Open log streams in this instance.");
    }

    /// <summary>Runs a provision, from the API or the page, counting its outcome and timing a success.</summary>
    public async Task<Lease> MeasureProvisionAsync(Func<Task<Lease>> provision)
    {
        var started = _time.GetTimestamp();
        var succeeded = false;
        try
        {
            var lease = await provision();
            succeeded = true;
            if (_catalog.Find(lease.ImageType)?.WarmPool.Size > 0)
            {
                PoolClaimed(lease.ImageType, lease.FromPool);
            }

            return lease;
        }
        finally
        {
            Provisioned(succeeded, _time.GetElapsedTime(started));
        }
    }

    private void Provisioned(bool succeeded, TimeSpan took)
    {
        _provisions.Add(1, new KeyValuePair<string, object?>("outcome", succeeded ? "created" : "failed"));
        if (succeeded)
        {
            _provisionSeconds.Record(took.TotalSeconds);
        }
    }

    /// <summary>A provision of an entry with a warm pool: whether it found a ready member.</summary>
    public void PoolClaimed(string imageType, bool hit) =>
        (hit ? _poolClaims : _poolMisses).Add(1, new KeyValuePair<string, object?>("image_type", imageType));

    public void PoolRefilled(PoolReport report, TimeSpan took)
    {
        _poolReady = report.Ready;
        _poolRefillSeconds.Record(took.TotalSeconds);
    }

    public void Expired(TimeSpan lag)
    {
        _expiries.Add(1);
        _expiryLagSeconds.Record(Math.Max(0, lag.TotalSeconds));
    }

    public void ReapFailed() => _reapFailures.Add(1);

    /// <param name="latency">From the event to the receiver's answer, for a delivery that succeeded.</param>
    public void WebhookDelivered(string outcome, TimeSpan? latency)
    {
        _webhookDeliveries.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
        if (latency is { } took)
        {
            _webhookLatencySeconds.Record(Math.Max(0, took.TotalSeconds));
        }
    }

    public void AuditWriteFailed() => _auditWriteFailures.Add(1);

    public void LogStreamRefused() => _logStreamsRefused.Add(1);

    public void HubConnectionRefused() => _hubConnectionsRefused.Add(1);

    public void Swept(SweepReport report)
    {
        _sweeps.Add(1);
        Add("adopted", report.Adopted);
        Add("removed", report.OrphansRemoved);
        Add("expired", report.Expired);
        Add("gone", report.Gone);
        Add("disk-limit", report.DiskLimited);
        Add("idle", report.Idle);
        Add("idle-warned", report.IdleWarned);
        Add("failed", report.Failed);
    }

    private void Add(string action, int count)
    {
        if (count > 0)
        {
            _swept.Add(count, new KeyValuePair<string, object?>("action", action));
        }
    }

    private static IEnumerable<Measurement<long>> ActiveLeases(ActiveLeaseCount count)
    {
        if (count.Value is { } value)
        {
            yield return new Measurement<long>(value);
        }
    }
}
