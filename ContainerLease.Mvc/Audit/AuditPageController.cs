using ContainerLease.Domain.Errors;
using ContainerLease.Mvc.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace ContainerLease.Mvc.Audit;

/// <summary>
/// <c>/audit</c>: the audit log for admins, filtered, newest first, a page at a time; the rows are
/// one partial, swapped in by the filters, refreshed when a lease changes and every few seconds
/// while the newest page is shown, and downloadable as CSV. Users are sent to <c>/denied</c> (403).
/// </summary>
[Authorize(Policy = Roles.AdminPolicy)]
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class AuditPageController(AuditLog audit, TimeProvider time) : Controller
{
    [HttpGet("/audit")]
    public async Task<IActionResult> Index([FromQuery] AuditRequest request, CancellationToken ct) =>
        View(await RowsAsync(request, ct));

    [HttpGet("/audit/rows")]
    public async Task<IActionResult> Rows([FromQuery] AuditRequest request, CancellationToken ct)
    {
        Response.Headers.Vary = "HX-Request";
        return PartialView("_AuditRows", await RowsAsync(request, ct));
    }

    [HttpGet("/audit/csv")]
    public async Task<IActionResult> Csv([FromQuery] AuditRequest request, CancellationToken ct)
    {
        AuditQuery query;
        try
        {
            query = request.ToQuery();
        }
        catch (LeaseValidationException ex)
        {
            return BadRequest(ex.Message);
        }

        await AuditCsv.RespondAsync(Response, audit.ExportAsync(query, ct), time.GetUtcNow(), ct);
        return new EmptyResult();
    }

    private async Task<AuditViewModel> RowsAsync(AuditRequest request, CancellationToken ct)
    {
        try
        {
            var query = request.ToQuery();
            return new AuditViewModel(request, await audit.ReadAsync(query, request.PageSize, ct), null, time.GetUtcNow());
        }
        catch (LeaseValidationException ex)
        {
            return new AuditViewModel(request, new AuditPage([], null), ex.Message, time.GetUtcNow());
        }
    }
}

/// <summary>The filters as sent, one page of entries, and what was wrong with the filters, if anything.</summary>
public sealed record AuditViewModel(AuditRequest Request, AuditPage Page, string? Error, DateTimeOffset Now)
{
    /// <summary>The events the filter offers: every lease history kind and the sign-ins.</summary>
    public static readonly IReadOnlyList<string> Events =
    [
        "provisioned", "adopted", "extended", "expiring", "idle-warning", "paused", "resumed", "exec", "terminal-opened", "terminal-closed",
        "reap-failed", "expired", "terminated", "gone", "disk-limit", "idle", AuditEvents.SignIn, AuditEvents.SignInFailed, AuditEvents.SignOut,
    ];

    /// <summary>The query string of these filters, with another cursor (or none).</summary>
    public string QueryString(string? cursor = null) => Microsoft.AspNetCore.Http.QueryString.Create(new Dictionary<string, string?>
    {
        ["user"] = Request.User,
        ["lease"] = Request.Lease,
        ["event"] = Request.Event,
        ["from"] = Request.From,
        ["to"] = Request.To,
        ["cursor"] = cursor,
    }.Where(p => !string.IsNullOrWhiteSpace(p.Value))).ToUriComponent();
}
