using System.Diagnostics.Metrics;
using ContainerLease.Domain.Leases;
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

    private readonly TimeProvider _time;

    public LeaseMetrics(IMeterFactory meters, ActiveLeaseCount activeLeases, OpenLogStreams streams, TimeProvider time)
    {
        _time = time;
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
