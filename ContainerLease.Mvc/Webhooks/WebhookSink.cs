using ContainerLease.Domain.Catalog;
using ContainerLease.Domain.Leases;
using ContainerLease.Mvc.Leases;
using ContainerLease.Mvc.Logging;
using ContainerLease.Mvc.Ports;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace ContainerLease.Mvc.Webhooks;

/// <summary>
/// Turns each lease event into one delivery job per endpoint that wants it. Only the job is made
/// here (a short write to job storage); the receiver is called by the job, so a slow or dead
/// receiver never slows a lease operation.
/// </summary>
internal sealed class WebhookSink(IOptions<WebhookOptions> options, WebhookQueue queue, ImageCatalog catalog, PortUrls urls, IOptions<JsonOptions> json, ILogger<WebhookSink> logger) : ILeaseEventSink
{
    public Task ChangedAsync(Lease lease, CancellationToken ct)
    {
        if (lease.LastEvent is not { } entry || WebhookTypes.Of(entry) is not { } type)
        {
            return Task.CompletedTask;
        }

        string? body = null;
        foreach (var (name, endpoint) in options.Value.Endpoints)
        {
            if (!endpoint.Wants(type))
            {
                continue;
            }

            try
            {
                body ??= WebhookPayload.Serialize(type, entry, lease, lease.EndsIdleAt(catalog.Find(lease.ImageType)?.IdleTimeout), urls, json.Value.JsonSerializerOptions);
                queue.Enqueue(new WebhookMessage(name, "msg_" + Guid.NewGuid().ToString("N"), type, lease.Id.Value, body, entry.At));
            }
            catch (Exception ex)
            {
                AppLog.WebhookEnqueueFailed(logger, ex, type, lease.Id.Value, name);
            }
        }

        return Task.CompletedTask;
    }
}

/// <summary>One event for one endpoint: what a delivery job carries.</summary>
public sealed record WebhookMessage(string Endpoint, string MessageId, string Type, string LeaseId, string Body, DateTimeOffset OccurredAt)
{
    /// <summary>What the dashboard shows of the job.</summary>
    public override string ToString() => $"{Type} of lease {LeaseId} to {Endpoint}";
}
