using ContainerLease.Domain.Errors;
using ContainerLease.Domain.Leases;
using ContainerLease.Mvc.Auth;
using ContainerLease.Mvc.Ports;
using Htmx;
using Microsoft.AspNetCore.Mvc;

namespace ContainerLease.Mvc.Pages;

/// <summary>
/// The lease panel's buttons. Each answers with a message for the flash area: a partial for htmx,
/// or for a page without JavaScript the message carried to the page it is sent back to.
/// </summary>
[AutoValidateAntiforgeryToken]
public sealed class LeaseActionsPageController(
    LeaseService leases,
    LeaseEndings endings,
    LeasePauses pauses,
    LeaseActivity activity,
    LeasePorts ports,
    LeaseLinks links,
    PortUrls urls) : Controller
{
    private const string Views = "~/Views/LeasesPage/";

    [HttpPost("/leases/{id}/extend")]
    public Task<IActionResult> Extend(string id, int minutes, CancellationToken ct) => ActAsync(id, async leaseId =>
    {
        var lease = await leases.ExtendAsync(leaseId, TimeSpan.FromMinutes(minutes), User.ToCaller(), ct);
        return $"Extended {lease.ImageType} lease {LeaseText.ShortId(lease.Id.Value)} by {minutes} min; it now expires at {LeaseText.Time(lease.ExpiresAt)}.";
    });

    /// <summary>The idle banner's button: activity said outright, as <c>POST /api/leases/{id}/touch</c> says it.</summary>
    [HttpPost("/leases/{id}/touch")]
    public Task<IActionResult> Touch(string id, CancellationToken ct) => ActAsync(id, async leaseId =>
    {
        var lease = await activity.TouchAsync(leaseId, User.ToCaller(), ct);
        return $"Kept {lease.ImageType} lease {LeaseText.ShortId(lease.Id.Value)}: its idle clock starts again.";
    });

    [HttpPost("/leases/{id}/pause")]
    public Task<IActionResult> Pause(string id, CancellationToken ct) => ActAsync(id, async leaseId =>
    {
        var lease = await pauses.PauseAsync(leaseId, User.ToCaller(), ct);
        return $"Paused {lease.ImageType} lease {LeaseText.ShortId(lease.Id.Value)}; its clock runs on, and it still expires at {LeaseText.Time(lease.ExpiresAt)}.";
    });

    [HttpPost("/leases/{id}/resume")]
    public Task<IActionResult> Resume(string id, CancellationToken ct) => ActAsync(id, async leaseId =>
    {
        var lease = await pauses.ResumeAsync(leaseId, User.ToCaller(), ct);
        return $"Resumed {lease.ImageType} lease {LeaseText.ShortId(lease.Id.Value)}.";
    });

    [HttpPost("/leases/{id}/revoke-links")]
    public Task<IActionResult> RevokeLinks(string id, CancellationToken ct) => ActAsync(id, async leaseId =>
    {
        var lease = await links.RevokeAsync(leaseId, User.ToCaller(), ct);
        return $"Revoked every link to the ports of {lease.ImageType} lease {LeaseText.ShortId(lease.Id.Value)}, shared ones too; the lease goes on, and links made from now on work.";
    });

    [HttpPost("/leases/{id}/terminate")]
    public Task<IActionResult> Terminate(string id, CancellationToken ct) => ActAsync(id, async leaseId =>
    {
        var lease = await endings.TerminateAsync(leaseId, User.ToCaller(), ct);
        return $"Terminated {lease.ImageType} lease {LeaseText.ShortId(lease.Id.Value)}; its container is removed.";
    });

    /// <summary>A link to one port for someone without an account, until the lease's end; shown where messages go.</summary>
    [HttpPost("/leases/{id}/share/{port:int}")]
    public async Task<IActionResult> Share(string id, int port, CancellationToken ct)
    {
        ShareLinkViewModel link;
        try
        {
            var (lease, deadline) = await ports.ShareAsync(LeaseId.ParseOrMissing(id), port, User.ToCaller(), lifetime: null, ct);
            var path = urls.ShareOf(lease.Id, port, deadline);
            link = new ShareLinkViewModel(lease.Id.Value, port, path.StartsWith('/') ? $"{Request.Scheme}://{Request.Host}{path}" : path, deadline);
        }
        catch (DomainException ex)
        {
            return Request.IsHtmx() ? PartialView(Views + "_Flash.cshtml", new FlashViewModel(ex.Message, false)) : BackToPage(id, ex.Message);
        }

        return Request.IsHtmx()
            ? PartialView(Views + "_ShareLink.cshtml", link)
            : BackToPage(id, $"Share link for port {port} (anyone with it can open that port until {LeaseText.Time(link.ExpiresAt)}): {link.Url}");
    }

    /// <summary>Extend, touch, pause, resume, revoke links and terminate: the list refreshes itself on the trigger.</summary>
    private async Task<IActionResult> ActAsync(string id, Func<LeaseId, Task<string>> act)
    {
        string message;
        var succeeded = false;
        try
        {
            message = await act(LeaseId.ParseOrMissing(id));
            succeeded = true;
        }
        catch (DomainException ex)
        {
            message = ex.Message;
        }

        if (!Request.IsHtmx())
        {
            return BackToPage(id, message);
        }

        Response.Htmx(h => h.WithTrigger(LeasesPageController.ChangedEvent));
        return PartialView(Views + "_Flash.cshtml", new FlashViewModel(message, succeeded));
    }

    /// <summary>A page without JavaScript: back to the page with the lease selected, the message in its flash area.</summary>
    private RedirectToActionResult BackToPage(string id, string message)
    {
        TempData["Message"] = message;
        return RedirectToAction(nameof(LeasesPageController.Index), "LeasesPage", new { selected = id });
    }
}
