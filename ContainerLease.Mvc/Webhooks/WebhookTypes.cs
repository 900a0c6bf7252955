using ContainerLease.Domain.Leases;

namespace ContainerLease.Mvc.Webhooks;

/// <summary>The event types webhooks carry, from the entry each change adds to a lease's history.</summary>
public static class WebhookTypes
{
    private static readonly Dictionary<string, string> ByKind = new(StringComparer.Ordinal)
    {
        [LeaseEvent.Provisioned] = "lease.provisioned",
        [LeaseEvent.Started] = "lease.started",
        [EndReason.PullFailed.Name()] = "lease.pull_failed",
        [LeaseEvent.Extended] = "lease.extended",
        [LeaseEvent.Expiring] = "lease.expiring",
        [EndReason.Expired.Name()] = "lease.expired",
        [EndReason.Terminated.Name()] = "lease.terminated",
        [EndReason.Gone.Name()] = "lease.gone",
        [EndReason.DiskLimit.Name()] = "lease.disk_limit",
        [LeaseEvent.ReapFailed] = "lease.reap_failed",
        [LeaseEvent.Paused] = "lease.paused",
        [LeaseEvent.Resumed] = "lease.resumed",
        [LeaseEvent.IdleWarning] = "lease.idle_warning",
        [EndReason.Idle.Name()] = "lease.idle_ended",
    };

    public static IReadOnlyCollection<string> All { get; } = [.. ByKind.Values];

    /// <summary>The type of a history entry, or null for what webhooks do not carry (commands, terminals, adoptions).</summary>
    public static string? Of(LeaseEvent entry) => ByKind.GetValueOrDefault(entry.Kind);
}
