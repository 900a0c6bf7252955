using ContainerLease.Domain.Catalog;
using ContainerLease.Domain.Leases;
using ContainerLease.Mvc.Logging;
using ContainerLease.Mvc.Ports;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace ContainerLease.Mvc.Webhooks;

/// <summary>
/// Turns the event a lease write recorded into one delivery job per endpoint that wants it. Only
/// the job is made here (a short write to job storage); the receiver is called by the job, so a
/// slow or dead receiver never slows a lease operation.
/// </summary>
internal sealed class WebhookMessages(IOptions<WebhookOptions> options, WebhookQueue queue, ImageCatalog catalog, PortUrls urls, IOptions<JsonOptions> json, ILogger<WebhookMessages> logger)
{
    /// <summary>
    /// The <c>webhook-id</c> of the event <paramref name="written"/> recorded: the same each time
    /// that event is queued, so a receiver knows a redelivery for what it is.
    /// </summary>
    public static string MessageId(Lease written) => $"msg_{written.Id.Value}_{written.Version}";

    /// <summary>Whether some endpoint wants the last event of <paramref name="written"/>.</summary>
    public bool Wanted(Lease written) => options.Value.WantsLastEventOf(written);

    /// <summary>Queues the jobs of the last event of <paramref name="written"/>; false when one could not be queued (it is logged).</summary>
    public bool Enqueue(Lease written)
    {
        if (written.LastEvent is not { } entry || WebhookTypes.Of(entry) is not { } type)
        {
            return true;
        }

        var queued = true;
        string? body = null;
        foreach (var (name, endpoint) in options.Value.Endpoints.Where(e => e.Value.Wants(type)))
        {
            try
            {
                body ??= WebhookPayload.Serialize(type, entry, written, written.EndsIdleAt(catalog.Find(written.ImageType)?.IdleTimeout), urls, json.Value.JsonSerializerOptions);
                queue.Enqueue(new WebhookMessage(name, MessageId(written), type, written.Id.Value, body, entry.At));
            }
            catch (Exception ex)
            {
                AppLog.WebhookEnqueueFailed(logger, ex, type, written.Id.Value, name);
                queued = false;
            }
        }

        return queued;
    }
}

/// <summary>One event for one endpoint: what a delivery job carries.</summary>
public sealed record WebhookMessage(string Endpoint, string MessageId, string Type, string LeaseId, string Body, DateTimeOffset OccurredAt)
{
    /// <summary>What the dashboard shows of the job.</summary>
    public override string ToString() => $"{Type} of lease {LeaseId} to {Endpoint}";
}
