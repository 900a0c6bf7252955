using System.Runtime.CompilerServices;
using ContainerLease.Mvc.Logging;
using ContainerLease.Mvc.Telemetry;
using Microsoft.Extensions.Options;

namespace ContainerLease.Mvc.Audit;

/// <summary>
/// The installation's audit log: written by the lease events (<see cref="AuditSink"/>) and sign-ins,
/// read by admins at <c>/audit</c> and <c>GET /api/audit</c>. A write never fails what was done:
/// it is given its own short deadline (the event happened even if its request was dropped), and a
/// failure is logged and counted as <c>containerlease_audit_write_failures_total</c>.
/// </summary>
public sealed class AuditLog(IAuditStore store, IOptions<AuditOptions> options, LeaseMetrics metrics, TimeProvider time, ILogger<AuditLog> logger)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;

    /// <summary>Entries read from the store per round while filling a page.</summary>
    private const int ReadBatch = 250;

    /// <summary>The most entries one page reads; past it the page ends early with a cursor, so a rare filter never reads the whole log at once.</summary>
    private const int MaxReadPerPage = 5_000;

    /// <summary>The most rows one CSV download holds.</summary>
    public const int MaxExportRows = 100_000;

    private static readonly TimeSpan WriteTimeout = TimeSpan.FromSeconds(5);

    public async Task WriteAsync(NewAuditEntry entry)
    {
        try
        {
            using var deadline = new CancellationTokenSource(WriteTimeout, time);
            await store.AppendAsync(entry, time.GetUtcNow() - options.Value.Retention, deadline.Token);
        }
        catch (Exception ex)
        {
            metrics.AuditWriteFailed();
            AppLog.AuditWriteFailed(logger, ex, entry.Event, entry.Actor, entry.LeaseId ?? "-");
        }
    }

    /// <summary>One page of the entries that match, newest first.</summary>
    public async Task<AuditPage> ReadAsync(AuditQuery query, int pageSize, CancellationToken ct = default)
    {
        var items = new List<AuditEntry>(pageSize);
        var cursor = query.Cursor;
        for (var read = 0; read < MaxReadPerPage;)
        {
            var batch = await store.ReadBackwardsAsync(cursor, query.From, query.To, ReadBatch, ct);
            foreach (var entry in batch)
            {
                if (query.Matches(entry))
                {
                    items.Add(entry);
                    if (items.Count == pageSize)
                    {
                        return new AuditPage(items, entry.Id);
                    }
                }
            }

            if (batch.Count < ReadBatch)
            {
                return new AuditPage(items, null);
            }

            read += batch.Count;
            cursor = batch[^1].Id;
        }

        return new AuditPage(items, cursor);
    }

    /// <summary>Every entry that matches, newest first, up to <see cref="MaxExportRows"/>: a CSV download.</summary>
    public async IAsyncEnumerable<AuditEntry> ExportAsync(AuditQuery query, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var rows = 0;
        for (var page = query.FirstPage; ;)
        {
            var read = await ReadAsync(page, MaxPageSize, ct);
            foreach (var entry in read.Items)
            {
                yield return entry;
                if (++rows == MaxExportRows)
                {
                    yield break;
                }
            }

            if (read.NextCursor is null)
            {
                yield break;
            }

            page = page with { Cursor = read.NextCursor };
        }
    }
}
