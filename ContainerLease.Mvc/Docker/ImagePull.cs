using System.Collections.Immutable;
using ContainerLease.Domain.Images;
using ContainerLease.Mvc.Logging;
using Docker.DotNet.Models;

namespace ContainerLease.Mvc.Docker;

/// <summary>
/// One pull of one image under way on this instance: its task, its bytes, and everyone following
/// them (each caller waiting for it, and the image states), so a pull shared by ten callers tells all ten.
/// </summary>
internal sealed class ImagePull(string image, ILogger logger)
{
    private readonly PullMeter _meter = new();
    private readonly Lock _gate = new();
    private ImmutableList<IProgress<PullProgress>> _followers = [];

    public string Image { get; } = image;

    /// <summary>The pull itself, ending with the image as the engine then holds it; set once, as it starts.</summary>
    public Task<LocalImage> Done { get; set; } = Task.FromException<LocalImage>(new InvalidOperationException("The pull has not started."));

    public PullProgress Current
    {
        get
        {
            lock (_gate)
            {
                return _meter.Current;
            }
        }
    }

    /// <summary>
    /// Tells <paramref name="progress"/> of every change until disposed, beginning with where the pull
    /// is now if it has begun (a change racing that first report may reach it just before it).
    /// </summary>
    public IDisposable Follow(IProgress<PullProgress> progress)
    {
        PullProgress now;
        lock (_gate)
        {
            _followers = _followers.Add(progress);
            now = _meter.Current;
        }

        var following = new Following(this, progress);
        if (now.BytesDone > 0 || now.BytesTotal is not null)
        {
            try
            {
                progress.Report(now);
            }
            catch
            {
                following.Dispose();
                throw;
            }
        }

        return following;
    }

    /// <summary>Takes one of the engine's progress messages.</summary>
    public void Report(JSONMessage message)
    {
        PullProgress now;
        ImmutableList<IProgress<PullProgress>> followers;
        lock (_gate)
        {
            if (!_meter.Add(message))
            {
                return;
            }

            now = _meter.Current;
            followers = _followers;
        }

        foreach (var follower in followers)
        {
            try
            {
                follower.Report(now);
            }
            catch (Exception ex)
            {
                // A follower's fault must not stop the pull others wait for: it is told no more.
                AppLog.PullFollowerFailed(logger, ex, Image);
                Unfollow(follower);
            }
        }
    }

    private void Unfollow(IProgress<PullProgress> progress)
    {
        lock (_gate)
        {
            _followers = _followers.Remove(progress);
        }
    }

    private sealed class Following(ImagePull pull, IProgress<PullProgress> progress) : IDisposable
    {
        public void Dispose() => pull.Unfollow(progress);
    }
}
