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
/// </summary>
[AutoValidateAntiforgeryToken]
public sealed class LeasesPageController(
    LeaseService leases,
    LeaseProvisioner provisioner,
    LeaseEndings endings,
    LeasePauses pauses,
    ImageCatalog catalog,
    DurationPolicy policy,
    IContainerRuntime runtime,
    IContainerStats stats,
    LeaseMetrics metrics,
    LeasePorts ports,
    PortUrls urls,
    LeaseActivity activity,
    LeaseIdling idling,
    ImageStates images,
    TimeProvider time) : Controller
{
    public const int PageSize = 50;
    private const int RecentlyEndedShown = 10;
    private const string ChangedEvent = "leases-changed";

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
            return Request.IsHtmx() ? PartialView("_Flash", new FlashViewModel(ex.Message, false)) : Flash(id, ex.Message);
        }

        return Request.IsHtmx()
            ? PartialView("_ShareLink", link)
            : Flash(id, $"Share link for port {port} (anyone with it can open that port until {LeaseText.Time(link.ExpiresAt)}): {link.Url}");
    }

    private RedirectToActionResult Flash(string id, string message)
    {
        TempData["Message"] = message;
        return RedirectToAction(nameof(Index), new { selected = id });
    }

    /// <summary>Extend, pause, resume and terminate answer with a message for the flash area; the list refreshes itself on the trigger.</summary>
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
            TempData["Message"] = message;
            return RedirectToAction(nameof(Index), new { selected = id });
        }

        Response.Htmx(h => h.WithTrigger(ChangedEvent));
        return PartialView("_Flash", new FlashViewModel(message, succeeded));
    }

    private async Task<LeaseListViewModel> ListAsync(int page, CancellationToken ct)
    {
        page = Math.Max(1, page);
        var active = await leases.ListActiveAsync(User.ToCaller(), (page - 1) * PageSize, PageSize, ct);
        var ended = await leases.ListRecentlyEndedAsync(User.ToCaller(), RecentlyEndedShown, ct);
        return new LeaseListViewModel(active.Items, active.Total, page, PageSize, ended, time.GetUtcNow(), ShowOwner: User.IsInRole(Roles.Admin),
            await UsageAsync(active.Items, ct));
    }

    /// <summary>
    /// Each row's memory, one quick engine reading per container (no CPU sample, so no second's
    /// wait), a few at a time. A reading that fails leaves its row without a figure: the list
    /// matters more than its memory column.
    /// </summary>
    private async Task<IReadOnlyDictionary<string, ContainerUsage>> UsageAsync(IReadOnlyList<Lease> rows, CancellationToken ct)
    {
        var usage = new System.Collections.Concurrent.ConcurrentDictionary<string, ContainerUsage>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(rows.Where(l => l.Status != LeaseStatus.Pulling), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (lease, token) =>
        {
            try
            {
                if (await stats.PeekAsync(lease.ContainerId, token) is { } reading)
                {
                    usage[lease.Id.Value] = reading;
                }
            }
            catch (DependencyUnavailableException)
            {
                // The engine is down: the rows say so through their status soon enough.
            }
            catch (CapabilityUnavailableException)
            {
                // The runtime reads no usage (a Swarm without its nodes' engines): no memory column.
            }
        });
        return usage;
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
