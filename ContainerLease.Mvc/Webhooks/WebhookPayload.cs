using System.Text.Json;
using ContainerLease.Domain.Leases;
using ContainerLease.Mvc.Api.Contracts;
using ContainerLease.Mvc.Ports;

namespace ContainerLease.Mvc.Webhooks;

/// <summary>
/// The body of one event, in the Standard Webhooks shape: <c>{"type", "timestamp", "data": {"lease",
/// "actor"}}</c>, the lease as the API returns it and the actor a user's name or <c>system</c>;
/// <c>lease.expiring</c> adds <c>minutesLeft</c> and <c>secondsLeft</c> until its expiry, and
/// <c>lease.idle_warning</c> the same until it ends idle.
/// </summary>
internal sealed record WebhookPayload(string Type, DateTimeOffset Timestamp, WebhookData Data)
{
    public static string Serialize(string type, LeaseEvent entry, Lease lease, DateTimeOffset? endsIdleAt, PortUrls urls, JsonSerializerOptions json)
    {
        long? secondsLeft = entry.Kind switch
        {
            LeaseEvent.Expiring => (long)Math.Ceiling(lease.RemainingAt(entry.At).TotalSeconds),
            LeaseEvent.IdleWarning when endsIdleAt is { } deadline => (long)Math.Max(0, Math.Ceiling((deadline - entry.At).TotalSeconds)),
            _ => null,
        };
        var data = new WebhookData(
            LeaseResponse.From(lease, entry.At, urls),
            entry.Actor,
            secondsLeft is { } seconds ? (long)Math.Ceiling(seconds / 60.0) : null,
            secondsLeft);
        return JsonSerializer.Serialize(new WebhookPayload(type, entry.At, data), json);
    }
}

internal sealed record WebhookData(LeaseResponse Lease, string Actor, long? MinutesLeft, long? SecondsLeft);
