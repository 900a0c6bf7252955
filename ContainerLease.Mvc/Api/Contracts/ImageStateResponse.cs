using ContainerLease.Domain.Images;

namespace ContainerLease.Mvc.Api.Contracts;

/// <summary>
/// A catalog image's state on the instance that answers: <c>ready</c> (with its image id, and its
/// registry digest when it came from one), <c>pulling</c> (bytes done, and the total once the
/// registry told every layer's size), <c>failed</c> (the reason, when, and when it is tried again)
/// or <c>missing</c> (never pulled).
/// </summary>
public sealed record ImageStateResponse(
    string Status,
    string? ImageId,
    string? Digest,
    long? BytesDone,
    long? BytesTotal,
    int? Percent,
    string? Reason,
    DateTimeOffset? FailedAt,
    DateTimeOffset? RetryAt)
{
    public static ImageStateResponse From(ImageState? state)
    {
        var s = state ?? ImageState.NotPulled;
        return new(s.Status, s.ImageId, s.Digest, s.Progress?.BytesDone, s.Progress?.BytesTotal, s.Progress?.Percent, s.Reason, s.FailedAt, s.RetryAt);
    }
}
