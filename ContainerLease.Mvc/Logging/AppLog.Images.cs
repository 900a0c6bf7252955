namespace ContainerLease.Mvc.Logging;

internal static partial class AppLog
{
    [LoggerMessage(2400, LogLevel.Warning, "Pulling catalog image {Image} failed (attempt {Attempt}); trying again at {RetryAt}")]
    public static partial void CatalogPullFailed(ILogger logger, Exception exception, string image, int attempt, DateTimeOffset retryAt);

    [LoggerMessage(2411, LogLevel.Warning, "Pulling catalog image {Image} failed (attempt {Attempt}): {Reason} Trying again at {RetryAt}")]
    public static partial void CatalogPullRefused(ILogger logger, string image, int attempt, string reason, DateTimeOffset retryAt);

    [LoggerMessage(2401, LogLevel.Information, "The tag of catalog image {Image} moved: {Before} is now {After}")]
    public static partial void ImageMoved(ILogger logger, string image, string before, string after);

    [LoggerMessage(2402, LogLevel.Debug, "Catalog image {Image} is up to date ({ImageId})")]
    public static partial void ImageUpToDate(ILogger logger, string image, string imageId);

    [LoggerMessage(2403, LogLevel.Information, "Catalog image {Image} is ready ({ImageId})")]
    public static partial void CatalogImageReady(ILogger logger, string image, string imageId);

    [LoggerMessage(2404, LogLevel.Information, "Another instance is pulling {Image}; waiting for it")]
    public static partial void PullingElsewhere(ILogger logger, string image);

    [LoggerMessage(2405, LogLevel.Warning, "Could not check catalog image {Image} on the engine at start")]
    public static partial void ImageCheckFailed(ILogger logger, Exception exception, string image);

    [LoggerMessage(2406, LogLevel.Warning, "Could not release the pull lock of {Image}; it lapses by itself")]
    public static partial void PullLockReleaseFailed(ILogger logger, Exception exception, string image);

    [LoggerMessage(2407, LogLevel.Warning, "Could not renew the pull lock of {Image}; the pull goes on")]
    public static partial void PullLockRenewFailed(ILogger logger, Exception exception, string image);

    [LoggerMessage(2408, LogLevel.Warning, "Could not take the pull lock of {Image} (Redis); pulling without it")]
    public static partial void PullLockUnavailable(ILogger logger, Exception exception, string image);

    [LoggerMessage(2409, LogLevel.Warning, "A caller following the pull of {Image} failed to take its progress; it is told no more")]
    public static partial void PullFollowerFailed(ILogger logger, Exception exception, string image);

    [LoggerMessage(2410, LogLevel.Warning, "Checking the tag of catalog image {Image} failed; the image on the engine stays in use, and the tag is checked again at {NextAt}")]
    public static partial void RefreshFailed(ILogger logger, Exception exception, string image, DateTimeOffset nextAt);
}
