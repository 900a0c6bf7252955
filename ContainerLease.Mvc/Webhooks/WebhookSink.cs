using ContainerLease.Domain.Leases;
using ContainerLease.Mvc.Leases;

namespace ContainerLease.Mvc.Webhooks;

/// <summary>
/// The webhooks' listener when leases live in this process: each change goes straight to the
/// queue. (A restart loses these leases anyway; with Redis, <see cref="WebhookRelay"/> listens.)
/// </summary>
internal sealed class WebhookSink(WebhookMessages messages) : ILeaseEventSink
{
    public Task ChangedAsync(Lease lease, CancellationToken ct)
    {
        messages.Enqueue(lease);
        return Task.CompletedTask;
    }
}
