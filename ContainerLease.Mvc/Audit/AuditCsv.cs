using System.Globalization;
using System.Text;

namespace ContainerLease.Mvc.Audit;

/// <summary>
/// The audit log as CSV (RFC 4180: commas, quotes doubled, CRLF). A value a spreadsheet would take
/// for a formula (starting with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>) is prefixed with a quote,
/// since user names and command lines come from users.
/// </summary>
public static class AuditCsv
{
    public const string ContentType = "text/csv; charset=utf-8";

    public static string FileName(DateTimeOffset now) => $"audit-{now.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}.csv";

    /// <summary>Answers with the entries as a CSV download.</summary>
    public static Task RespondAsync(HttpResponse response, IAsyncEnumerable<AuditEntry> entries, DateTimeOffset now, CancellationToken ct)
    {
        response.ContentType = ContentType;
        response.Headers.ContentDisposition = $"attachment; filename=\"{FileName(now)}\"";
        return WriteAsync(response.Body, entries, ct);
    }

    public static async Task WriteAsync(Stream body, IAsyncEnumerable<AuditEntry> entries, CancellationToken ct)
    {
        await using var writer = new StreamWriter(body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), leaveOpen: true) { NewLine = "\r\n" };
        await writer.WriteLineAsync("id,at,actor,event,lease,owner,detail");
        await foreach (var e in entries.WithCancellation(ct))
        {
            await writer.WriteLineAsync(string.Join(',', e.Id, e.At.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
                Field(e.Actor), Field(e.Event), Field(e.LeaseId), Field(e.Owner), Field(e.Detail)));
        }

        await writer.FlushAsync(ct);
    }

    public static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
