using System.Collections.Immutable;
using ContainerLease.Domain.Images;
using Docker.DotNet.Models;

namespace ContainerLease.Mvc.Docker;

/// <summary>
/// One pull of one image under way on this instance: its task, its bytes, and everyone following
/// them (each caller waiting for it, and the image states), so a pull shared by ten callers tells all ten.
/// </summary>
internal sealed class ImagePull(string image)
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

    /// <summary>Tells <paramref name="progress"/> of every change until disposed, beginning with where the pull is now if it has begun.</summary>
    public IDisposable Follow(IProgress<PullProgress> progress)
    {
        PullProgress now;
        lock (_gate)
        {
            _followers = _followers.Add(progress);
            now = _meter.Current;
        }

        if (now.BytesDone > 0 || now.BytesTotal is not null)
        {
            progress.Report(now);
        }

        return new Unfollow(this, progress);
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
            follower.Report(now);
        }
    }

    private sealed class Unfollow(ImagePull pull, IProgress<PullProgress> progress) : IDisposable
    {
        public void Dispose()
        {
            lock (pull._gate)
            {
                pull._followers = pull._followers.Remove(progress);
            }
        }
    }
}
