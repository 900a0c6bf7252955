namespace ContainerLease.Domain.Images;

/// <summary>
/// Where one catalog image stands on this instance's engine: <see cref="Ready"/> (with its image id
/// and digest), <see cref="Pulling"/> (with its bytes), <see cref="Failed"/> (with the reason and when
/// it is tried again) or <see cref="Missing"/> (never pulled).
/// </summary>
public sealed record ImageState(
    string Status,
    string? ImageId = null,
    string? Digest = null,
    PullProgress? Progress = null,
    string? Reason = null,
    DateTimeOffset? FailedAt = null,
    DateTimeOffset? RetryAt = null)
{
    public const string Ready = "ready";
    public const string Pulling = "pulling";
    public const string Failed = "failed";
    public const string Missing = "missing";

    public static ImageState NotPulled { get; } = new(Missing);
}
