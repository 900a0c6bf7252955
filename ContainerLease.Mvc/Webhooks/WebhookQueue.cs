using Hangfire;
using Hangfire.States;
using Hangfire.Storage;

namespace ContainerLease.Mvc.Webhooks;

/// <summary>
/// Makes the delivery jobs, keeping the order of one lease's events per endpoint: each job waits
/// for the one before it (a Hangfire continuation) until that one has succeeded or was deleted
/// from the dashboard. A delivery that has failed all its retries holds the later events of its
/// lease for that endpoint until someone retries or deletes it there.
/// </summary>
internal sealed class WebhookQueue(IBackgroundJobClient jobs, JobStorage storage)
{
    /// <summary>How long the last job of a lease and endpoint is remembered: far past any lease's end.</summary>
    private static readonly TimeSpan Remembered = TimeSpan.FromDays(2);

    public void Enqueue(WebhookMessage message)
    {
        var chain = $"webhooks:last:{message.Endpoint}:{message.LeaseId}";
        using var connection = storage.GetConnection();
        // Two instances telling of the same lease at once still chain one after the other.
        using var held = connection.AcquireDistributedLock(chain + ":lock", TimeSpan.FromSeconds(10));
        var last = connection.GetAllEntriesFromHash(chain)?.GetValueOrDefault("job");
        var lastState = last is null ? null : connection.GetStateData(last)?.Name;
        var id = lastState is null || lastState == SucceededState.StateName || lastState == DeletedState.StateName
            ? jobs.Enqueue<WebhookDeliveryJob>(job => job.DeliverAsync(message, null, CancellationToken.None))
            : jobs.ContinueJobWith<WebhookDeliveryJob>(last!, job => job.DeliverAsync(message, null, CancellationToken.None), new EnqueuedState(), JobContinuationOptions.OnAnyFinishedState);

        using var transaction = connection.CreateWriteTransaction();
        transaction.SetRangeInHash(chain, [new("job", id)]);
        if (transaction is JobStorageTransaction expiring)
        {
            expiring.ExpireHash(chain, Remembered);
        }

        transaction.Commit();
    }
}
