using System.ComponentModel;
using System.Globalization;
using System.Text;
using ContainerLease.Mvc.Logging;
using ContainerLease.Mvc.Telemetry;
using Hangfire.Server;
using Microsoft.Extensions.Options;

namespace ContainerLease.Mvc.Webhooks;

/// <summary>
/// One event to one endpoint: signed afresh at each attempt (receivers refuse old timestamps), and
/// anything but a 2xx answer within <c>Webhooks:Timeout</c> throws, so Hangfire retries it with
/// backoff and, past <c>Webhooks:RetryAttempts</c>, shows it failed on the dashboard.
/// </summary>
public sealed class WebhookDeliveryJob(
    IHttpClientFactory clients,
    IOptions<WebhookOptions> options,
    LeaseMetrics metrics,
    TimeProvider time,
    ILogger<WebhookDeliveryJob> logger)
{
    public const string Client = "webhooks";

    [DisplayName("Webhook {0}")]
    public async Task DeliverAsync(WebhookMessage message, PerformContext? context, CancellationToken ct)
    {
        var attempt = (context?.GetJobParameter<int>("RetryCount") ?? 0) + 1;
        if (!options.Value.Endpoints.TryGetValue(message.Endpoint, out var endpoint) || endpoint.Key() is not { } key)
        {
            // The endpoint was removed from the settings since the event: nobody to tell.
            metrics.WebhookDelivered("dropped", null);
            AppLog.WebhookDropped(logger, message.Type, message.LeaseId, message.Endpoint);
            return;
        }

        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Url)
        {
            Content = new StringContent(message.Body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("webhook-id", message.MessageId);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", WebhookSignature.Sign(key, message.MessageId, timestamp, message.Body));
        try
        {
            using var response = await clients.CreateClient(Client).SendAsync(request, ct);
            if (!response.IsSuccessStatusCode)
            {
                throw new HttpRequestException($"The receiver answered {(int)response.StatusCode} {response.ReasonPhrase}.", null, response.StatusCode);
            }
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            metrics.WebhookDelivered("failed", null);
            AppLog.WebhookFailed(logger, ex, message.Type, message.LeaseId, message.Endpoint, attempt);
            throw;
        }

        metrics.WebhookDelivered("delivered", time.GetUtcNow() - message.OccurredAt);
        AppLog.WebhookDelivered(logger, message.Type, message.LeaseId, message.Endpoint, attempt);
    }
}
