using ContainerLease.Domain.Leases;
using ContainerLease.Mvc.Leases;

namespace ContainerLease.Mvc.Audit;

/// <summary>Every lease event (the entry each change adds to a lease's history: commands and terminals too) into the audit log.</summary>
internal sealed class AuditSink(AuditLog audit) : ILeaseEventSink
{
    public Task ChangedAsync(Lease lease, CancellationToken ct) =>
        lease.LastEvent is { } entry
            ? audit.WriteAsync(new NewAuditEntry(entry.At, entry.Actor, entry.Kind, lease.Id.Value, lease.Owner, entry.Detail))
            : Task.CompletedTask;
}
