using ContainerLease.Mvc.Auth;
using ContainerLease.Mvc.OpenApi;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace ContainerLease.Mvc.Audit;

/// <summary><c>GET /api/audit</c>: the audit log for scripts, admins only; <c>format=csv</c> for every match as CSV.</summary>
[ApiController]
[Route("api/audit")]
[Authorize(Policy = Roles.AdminPolicy)]
public sealed class AuditController(AuditLog audit, TimeProvider time) : ControllerBase
{
    /// <summary>
    /// One page of the audit log, newest first, filtered by <c>user</c> (who did it or whose lease),
    /// <c>lease</c>, <c>event</c> and a time range (<c>from</c>, <c>to</c>, ISO 8601); pass the answer's
    /// <c>nextCursor</c> as <c>cursor</c> for the next. With <c>format=csv</c>, every match as CSV.
    /// </summary>
    [HttpGet]
    [Problems(503)]
    [ProducesResponseType<AuditResponse>(StatusCodes.Status200OK, "application/json", "text/csv")]
    public async Task<IActionResult> Get([FromQuery] AuditRequest request, [FromQuery] string? format, CancellationToken ct)
    {
        var query = request.ToQuery();
        if (string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase))
        {
            await AuditCsv.RespondAsync(Response, audit.ExportAsync(query, ct), time.GetUtcNow(), ct);
            return new EmptyResult();
        }

        var page = await audit.ReadAsync(query, request.PageSize, ct);
        return Ok(new AuditResponse(page.Items, page.NextCursor));
    }
}

/// <summary>One page: <c>nextCursor</c> is null at the oldest entry that matches; pass it as <c>cursor</c> for the next.</summary>
public sealed record AuditResponse(IReadOnlyList<AuditEntry> Items, string? NextCursor);
