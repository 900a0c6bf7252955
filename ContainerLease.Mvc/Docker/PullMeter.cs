using ContainerLease.Domain.Images;
using Docker.DotNet.Models;

namespace ContainerLease.Mvc.Docker;

/// <summary>
/// Adds up an engine pull's messages, one per chunk of each layer, into bytes done of bytes in
/// all, and tells whoever follows the pull. The total is known once every layer named so far
/// has begun to download (the engine names a layer's size only then); a layer that is done, or
/// that the engine already had, counts whole. Messages come from several threads.
/// </summary>
internal sealed class PullMeter
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, (long Done, long? Total)> _layers = new(StringComparer.Ordinal);
    private readonly List<IProgress<PullProgress>> _followers = [];

    /// <summary>Tells <paramref name="follower"/> of each step from now until the result is disposed; null follows nothing.</summary>
    public IDisposable? Follow(IProgress<PullProgress>? follower)
    {
        if (follower is null)
        {
            return null;
        }

        lock (_lock)
        {
            _followers.Add(follower);
        }

        return new Unfollow(this, follower);
    }

    public void Add(JSONMessage message)
    {
        // Only a layer's own lines: the pull's ("Pulling from <repository>", whose id is the tag; "Digest: ...") are not a layer's.
        if (string.IsNullOrEmpty(message.ID) || message.Status is not ("Pulling fs layer" or "Waiting" or "Downloading" or "Verifying Checksum"
            or "Download complete" or "Extracting" or "Pull complete" or "Already exists"))
        {
            return;
        }

        PullProgress now;
        IProgress<PullProgress>[] followers;
        lock (_lock)
        {
            var layer = _layers.GetValueOrDefault(message.ID);
            _layers[message.ID] = message.Status switch
            {
                "Downloading" when message.Progress is { Total: > 0 } p => (p.Current, p.Total),
                "Download complete" or "Verifying Checksum" or "Extracting" or "Pull complete" => (layer.Total ?? layer.Done, layer.Total ?? layer.Done),
                "Already exists" => (0, 0),
                _ => layer,
            };
            now = Sum();
            followers = [.. _followers];
        }

        foreach (var follower in followers)
        {
            follower.Report(now);
        }
    }

    private PullProgress Sum()
    {
        long done = 0, total = 0;
        var known = true;
        foreach (var (layerDone, layerTotal) in _layers.Values)
        {
            done += layerDone;
            total += layerTotal ?? 0;
            known &= layerTotal is not null;
        }

        return new PullProgress(done, known ? total : null);
    }

    private sealed class Unfollow(PullMeter meter, IProgress<PullProgress> follower) : IDisposable
    {
        public void Dispose()
        {
            lock (meter._lock)
            {
                meter._followers.Remove(follower);
            }
        }
    }
}
