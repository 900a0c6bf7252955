using ContainerLease.Domain.Leases;
using ContainerLease.Mvc.Leases;
using ContainerLease.Mvc.Logging;
using Hangfire;

namespace ContainerLease.Mvc.Webhooks;

/// <summary>
/// The webhooks' listener when leases live in Redis: queues the delivery jobs of what the
/// <see cref="WebhookOutbox"/> holds for a lease, oldest event first, and takes each out once its
/// jobs are queued. Right after each change for that lease, and from <see cref="WebhookRelayJob"/>
/// for every lease, which catches up the events of an instance that stopped before it queued them.
/// </summary>
/// <remarks>
/// Relaying a lease's whole outbox, not only the event just written, keeps the order of its events
/// when an earlier one was left behind. A crash after the jobs are queued and before the event is
/// taken out queues it again later, with the same <c>webhook-id</c>: at least once.
/// </remarks>
internal sealed class WebhookRelay(WebhookOutbox outbox, WebhookMessages messages, JobStorage storage, ILogger<WebhookRelay> logger) : ILeaseEventSink
{
    public Task ChangedAsync(Lease lease, CancellationToken ct)
    {
        if (messages.Wanted(lease))
        {
            Relay(lease.Id);
        }

        return Task.CompletedTask;
    }

    /// <summary>Relays every lease with events waiting.</summary>
    public async Task RelayWaitingAsync(CancellationToken ct)
    {
        foreach (var id in await outbox.WaitingAsync())
        {
            ct.ThrowIfCancellationRequested();
            Relay(id);
        }
    }

    /// <summary>Synchronous, like <see cref="WebhookQueue"/>: the Hangfire lock is held across no await.</summary>
    private void Relay(LeaseId id)
    {
        try
        {
            using var connection = storage.GetConnection();
            // One relay per lease at a time, across instances: two would queue its events twice.
            using var held = connection.AcquireDistributedLock($"webhooks:relay:{id.Value}", TimeSpan.FromSeconds(10));
            foreach (var written in outbox.Pending(id))
            {
                if (!messages.Enqueue(written))
                {
                    return; // Left in the outbox, and the events after it behind it, for the next relay.
                }

                outbox.Done(written);
            }

            outbox.ForgetIfEmpty(id);
        }
        catch (Exception ex)
        {
            AppLog.WebhookRelayFailed(logger, ex, id.Value);
        }
    }
}
