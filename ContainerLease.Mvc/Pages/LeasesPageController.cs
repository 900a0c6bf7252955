using ContainerLease.Domain.Catalog;
using ContainerLease.Domain.Errors;
using ContainerLease.Domain.Images;
using ContainerLease.Domain.Leases;
using ContainerLease.Domain.Policy;
using ContainerLease.Domain.Ports;
using ContainerLease.Mvc.Auth;
using ContainerLease.Mvc.Docker;
using ContainerLease.Mvc.Limits;
using ContainerLease.Mvc.Ports;
using ContainerLease.Mvc.Telemetry;
using Htmx;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace ContainerLease.Mvc.Pages;

/// <summary>
/// The one screen: provision form, lease list and the selected lease's panel. Every fragment
/// htmx swaps in is the partial the full page renders, so a page without JavaScript works too.
/// The panel's buttons are <see cref="LeaseActionsPageController"/>'s.
/// </summary>
[AutoValidateAntiforgeryToken]
public sealed class LeasesPageController(
    LeaseService leases,
    LeaseProvisioner provisioner,
    ImageCatalog catalog,
    DurationPolicy policy,
    IContainerRuntime runtime,
    LeaseListUsage usage,
    LeaseMetrics metrics,
    PortUrls urls,
    LeaseIdling idling,
    ImageStates images,
    TimeProvider time) : Controller
{
    public const int PageSize = 50;
    private const int RecentlyEndedShown = 10;

    /// <summary>The htmx trigger on which the lease list refreshes itself.</summary>
    internal const string ChangedEvent = "leases-changed";

    [HttpGet("/")]
    public async Task<IActionResult> Index(int page = 1, string? selected = null, CancellationToken ct = default)
    {
        var panel = selected is null ? null : await PanelOrNullAsync(selected, ct);
        return View(new LeasesPageViewModel(FormModel(new ProvisionForm(), null), await ListAsync(page, ct), panel, TempData["Message"] as string, ImagesForAdmins()));
    }

    /// <summary>The catalog's image states, which only admins see (the section's htmx refresh).</summary>
    [HttpGet("/images/states")]
    [Microsoft.AspNetCore.Authorization.Authorize(Policy = Roles.AdminPolicy)]
    public IActionResult ImageStates()
    {
        Response.Headers.Vary = "HX-Request";
        return PartialView("_ImageStates", ImageStatesViewModel.From(catalog, images, time.GetUtcNow()));
    }

    private ImageStatesViewModel? ImagesForAdmins() =>
        User.IsInRole(Roles.Admin) ? ImageStatesViewModel.From(catalog, images, time.GetUtcNow()) : null;

    [HttpGet("/leases/list")]
    public async Task<IActionResult> List(int page = 1, CancellationToken ct = default) =>
        PartialView("_LeaseList", await ListAsync(page, ct));

    [HttpGet("/leases/{id}")]
    public async Task<IActionResult> Panel(string id, CancellationToken ct)
    {
        Response.Headers.Vary = "HX-Request";
        if (!Request.IsHtmx())
        {
            return RedirectToAction(nameof(Index), new { selected = id });
        }

        return await PanelOrNullAsync(id, ct) is { } panel ? PartialView("_LeasePanel", panel) : PartialView("_NoPanel", "That lease no longer exists.");
    }

    [HttpGet("/leases/{id}/details")]
    public async Task<IActionResult> Details(string id, CancellationToken ct) =>
        await PanelOrNullAsync(id, ct) is { } panel ? PartialView("_LeaseDetails", panel) : PartialView("_NoDetails");

    /// <summary>
    /// The banner of an expiry warning, or with <paramref name="idle"/> of an idle warning, fetched by
    /// leases.js when the hub says one of the user's leases is about to expire or to end idle.
    /// </summary>
    [HttpGet("/leases/{id}/warning")]
    public async Task<IActionResult> Warning(string id, bool idle = false, CancellationToken ct = default)
    {
        try
        {
            var lease = await leases.GetAsync(LeaseId.ParseOrMissing(id), User.ToCaller(), ct);
            if (idle)
            {
                return idling.EndsIdleAt(lease) is { } endsIdleAt
                    ? PartialView("_IdleWarning", new IdleWarningViewModel(lease, endsIdleAt, time.GetUtcNow()))
                    : NoContent();
            }

            return PartialView("_ExpiryWarning", new ExpiryWarningViewModel(lease, time.GetUtcNow()));
        }
        catch (LeaseNotFoundException)
        {
            return NoContent();
        }
    }

    [HttpPost("/leases")]
    [EnableRateLimiting(LimitsRegistration.Provision)]
    public async Task<IActionResult> Provision(ProvisionForm input, CancellationToken ct)
    {
        Lease? created = null;
        if (ModelState.IsValid)
        {
            try
            {
                created = await metrics.MeasureProvisionAsync(() => provisioner.ProvisionAsync(new ProvisionRequest(input.ImageType!, input.Duration, User.ToCaller().Name), ct));
            }
            catch (LeaseValidationException ex)
            {
                ModelState.AddModelError(ex.Field == "imageType" ? nameof(ProvisionForm.ImageType) : nameof(ProvisionForm.Amount), ex.Message);
            }
            catch (DomainException ex)
            {
                ModelState.AddModelError(string.Empty, ex.Message);
            }
        }

        if (Request.IsHtmx())
        {
            if (created is not null)
            {
                Response.Htmx(h => h.WithTrigger(ChangedEvent));
            }

            return PartialView("_ProvisionForm", FormModel(created is null ? input : new ProvisionForm { ImageType = input.ImageType, Unit = input.Unit }, created));
        }

        if (created is not null)
        {
            TempData["Message"] = Leased(created);
            return RedirectToAction(nameof(Index), new { selected = created.Id.Value });
        }

        return View(nameof(Index), new LeasesPageViewModel(FormModel(input, null), await ListAsync(1, ct), null, null, ImagesForAdmins()));
    }

    private async Task<LeaseListViewModel> ListAsync(int page, CancellationToken ct)
    {
        page = Math.Max(1, page);
        var active = await leases.ListActiveAsync(User.ToCaller(), (page - 1) * PageSize, PageSize, ct);
        var ended = await leases.ListRecentlyEndedAsync(User.ToCaller(), RecentlyEndedShown, ct);
        return new LeaseListViewModel(active.Items, active.Total, page, PageSize, ended, time.GetUtcNow(), ShowOwner: User.IsInRole(Roles.Admin),
            await usage.ReadAsync(active.Items, ct));
    }

    private async Task<LeasePanelViewModel?> PanelOrNullAsync(string id, CancellationToken ct)
    {
        if (!LeaseId.TryParse(id, out var leaseId))
        {
            return null;
        }

        try
        {
            var lease = await leases.GetAsync(leaseId, User.ToCaller(), ct);
            var container = await runtime.InspectForDisplayAsync(lease, ct);
            return new LeasePanelViewModel(lease, container, time.GetUtcNow(), catalog.Find(lease.ImageType)?.HasTerminal ?? false, urls.Of(lease), idling.TimeoutOf(lease));
        }
        catch (LeaseNotFoundException)
        {
            return null;
        }
    }

    private ProvisionFormViewModel FormModel(ProvisionForm input, Lease? created) =>
        new(input, catalog.Images, policy.Minimum, policy.Maximum, created);

    private static string Leased(Lease lease) => lease.Status == LeaseStatus.Pulling
        ? $"Leased {lease.ImageType} (lease {LeaseText.ShortId(lease.Id.Value)}): its image is being pulled, and its time starts when its container does."
        : $"Leased {lease.ImageType} until {LeaseText.Time(lease.ExpiresAt)} (lease {LeaseText.ShortId(lease.Id.Value)}).";
}

public sealed record FlashViewModel(string Message, bool Succeeded);

public sealed record ExpiryWarningViewModel(Lease Lease, DateTimeOffset Now);

public sealed record IdleWarningViewModel(Lease Lease, DateTimeOffset EndsIdleAt, DateTimeOffset Now);
