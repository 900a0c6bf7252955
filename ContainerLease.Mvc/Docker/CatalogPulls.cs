using ContainerLease.Domain.Catalog;
using ContainerLease.Domain.Errors;
using ContainerLease.Domain.Images;
using ContainerLease.Mvc.Logging;
using Microsoft.Extensions.Options;

namespace ContainerLease.Mvc.Docker;

/// <summary>
/// With <c>Catalog:PullOnStart</c>, pulls every catalog image the engine lacks, in the background
/// (start never waits for it), a failed pull tried again with backoff; then pulls each tag again
/// every <c>Catalog:RefreshInterval</c> so a moved tag is on the engine before a lease needs it.
/// Without it, only looks whether each image is on the engine, so its state says so.
/// </summary>
internal sealed class CatalogPulls(
    ImageCatalog catalog,
    DockerImages images,
    ImageStates states,
    IOptions<CatalogOptions> options,
    TimeProvider time,
    ILogger<CatalogPulls> logger) : BackgroundService
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan LongestRetry = TimeSpan.FromMinutes(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var names = catalog.Images.Values.Select(i => i.Image).Distinct(StringComparer.Ordinal).ToList();
        await Task.WhenAll(names.Select(name => options.Value.PullOnStart ? KeepAsync(name, stoppingToken) : LookAsync(name, stoppingToken)));
    }

    private async Task LookAsync(string image, CancellationToken ct)
    {
        try
        {
            if (await images.InspectAsync(image, ct) is { } local)
            {
                images.NoteReady(image, local);
            }
            else if (states.Find(image) is null)
            {
                states.Missing(image);
            }
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            // A lease's own pull finds out again; the state stays unknown (missing) till then.
            AppLog.ImageCheckFailed(logger, ex, image);
        }
    }

    /// <summary>Pulls the image if missing, then checks its tag every interval, for as long as the app runs.</summary>
    private async Task KeepAsync(string image, CancellationToken ct)
    {
        var attempt = 0;
        var first = true;
        while (!ct.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                await (first ? PullIfMissingAsync(image, ct) : RefreshAsync(image, ct));
                attempt = 0;
                if (ImageNames.IsPinned(image))
                {
                    return; // A digest names one build for ever: nothing to refresh.
                }

                wait = options.Value.RefreshInterval;
            }
            catch (Exception ex) when (!ct.IsCancellationRequested && states.Find(image)?.Status == ImageState.Ready)
            {
                // The image is there and leases use it: its tag is checked again at the next interval,
                // not hammered (an image made on this engine, which no registry has, always fails here).
                wait = options.Value.RefreshInterval;
                AppLog.RefreshFailed(logger, ex, image, time.GetUtcNow() + wait);
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                attempt++;
                wait = Backoff(attempt);
                var retryAt = time.GetUtcNow() + wait;
                states.RetryAt(image, retryAt);
                if (ex is ImageUnavailableException refused)
                {
                    // The registry's answer says it all; a stack trace on every retry would only bury it.
                    AppLog.CatalogPullRefused(logger, image, attempt, refused.Message, retryAt);
                }
                else
                {
                    AppLog.CatalogPullFailed(logger, ex, image, attempt, retryAt);
                }
            }

            first = false;
            await Task.Delay(wait, time, ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task PullIfMissingAsync(string image, CancellationToken ct)
    {
        await images.EnsureAsync(image, ct: ct);
        if (states.Find(image) is { ImageId: { } id })
        {
            AppLog.CatalogImageReady(logger, image, id);
        }
    }

    private async Task RefreshAsync(string image, CancellationToken ct)
    {
        var (before, after) = await images.RefreshAsync(image, ct);
        if (before?.Id == after.Id)
        {
            AppLog.ImageUpToDate(logger, image, after.Id);
        }
        else
        {
            AppLog.ImageMoved(logger, image, before?.Ran ?? "nothing", after.Ran);
        }
    }

    /// <summary>10 s, doubling to 10 min, and never longer than the refresh interval.</summary>
    private TimeSpan Backoff(int attempt)
    {
        var wait = FirstRetry * Math.Pow(2, Math.Min(attempt - 1, 16));
        return new[] { wait, LongestRetry, options.Value.RefreshInterval }.Min();
    }
}
