using System.Collections.Concurrent;

namespace ContainerLease.Domain.Images;

/// <summary>
/// The state of each image on this instance's engine, by image name, as the pulls and checks of
/// this instance last saw it. An image nobody looked at yet has no state.
/// </summary>
public sealed class ImageStates(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, ImageState> _states = new(StringComparer.Ordinal);

    public ImageState? Find(string image) => _states.GetValueOrDefault(image);

    public void Ready(string image, string imageId, string? digest) => _states[image] = new ImageState(ImageState.Ready, imageId, digest);

    public void Missing(string image) => _states[image] = ImageState.NotPulled;

    public void Pulling(string image, PullProgress progress) => _states[image] = new ImageState(ImageState.Pulling, Progress: progress);

    /// <param name="reason">Free of any credential: a user may read it.</param>
    /// <param name="retryAt">When a pull is tried again by itself; null when only a lease's need would try it.</param>
    public void Failed(string image, string reason, DateTimeOffset? retryAt) =>
        _states[image] = new ImageState(ImageState.Failed, Reason: reason, FailedAt: time.GetUtcNow(), RetryAt: retryAt);

    /// <summary>Sets when a failed pull is tried again, keeping its reason; nothing when the image is not failed (any more).</summary>
    public void RetryAt(string image, DateTimeOffset retryAt)
    {
        if (_states.TryGetValue(image, out var state) && state.Status == ImageState.Failed)
        {
            _states.TryUpdate(image, state with { RetryAt = retryAt }, state);
        }
    }
}
