using System.ComponentModel;
using Hangfire;

namespace ContainerLease.Mvc.Webhooks;

/// <summary>
/// Every <c>Leases:SweepInterval</c>, and once when an instance starts, queues the webhook events
/// an instance stored but did not queue (it stopped in between, or job storage failed).
/// </summary>
internal sealed class WebhookRelayJob(WebhookRelay relay)
{
    public const string RecurringJobId = "webhook-relay";

    /// <summary>The next interval is the retry.</summary>
    [DisplayName("Relay waiting webhooks")]
    [AutomaticRetry(Attempts = 0, LogEvents = false)]
    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    public Task RunAsync(CancellationToken ct) => relay.RelayWaitingAsync(ct);
}
