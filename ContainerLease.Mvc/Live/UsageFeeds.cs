using System.Runtime.CompilerServices;
using System.Threading.Channels;
using ContainerLease.Domain.Ports;

namespace ContainerLease.Mvc.Live;

/// <summary>
/// One engine stats stream per watched container in this instance, shared by all its viewers:
/// the first viewer opens it, the last one to leave closes it, and nothing is read while no one
/// watches. A viewer that falls behind gets the newest reading, never a backlog.
/// </summary>
public sealed class UsageFeeds(IContainerStats stats, ILogger<UsageFeeds> logger)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Feed> _feeds = new(StringComparer.Ordinal);

    /// <summary>Containers whose stats are being read now.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _feeds.Count;
            }
        }
    }

    /// <summary>The container's readings as they come, until it stops or the viewer leaves; the latest one first, when there is one.</summary>
    public async IAsyncEnumerable<ContainerUsage> WatchAsync(string containerId, [EnumeratorCancellation] CancellationToken ct)
    {
        var viewer = Channel.CreateBounded<ContainerUsage>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest });
        var feed = Join(containerId, viewer);
        try
        {
            await foreach (var usage in viewer.Reader.ReadAllAsync(ct))
            {
                yield return usage;
            }
        }
        finally
        {
            await LeaveAsync(feed, viewer);
        }
    }

    private Feed Join(string containerId, Channel<ContainerUsage> viewer)
    {
        lock (_gate)
        {
            if (!_feeds.TryGetValue(containerId, out var feed))
            {
                feed = new Feed(containerId);
                _feeds[containerId] = feed;
                feed.Pump = PumpAsync(feed);
            }

            feed.Viewers.Add(viewer);
            if (feed.Latest is { } latest)
            {
                viewer.Writer.TryWrite(latest);
            }

            return feed;
        }
    }

    private async Task LeaveAsync(Feed feed, Channel<ContainerUsage> viewer)
    {
        bool last;
        lock (_gate)
        {
            feed.Viewers.Remove(viewer);
            last = feed.Viewers.Count == 0;
            if (last)
            {
                Forget(feed);
            }
        }

        if (last)
        {
            await feed.Stop.CancelAsync();
            await feed.Pump;
            feed.Stop.Dispose();
        }
    }

    private async Task PumpAsync(Feed feed)
    {
        await Task.Yield(); // never read the engine under the lock
        Exception? failure = null;
        try
        {
            await foreach (var usage in stats.StreamAsync(feed.ContainerId, feed.Stop.Token))
            {
                lock (_gate)
                {
                    feed.Latest = usage;
                    foreach (var viewer in feed.Viewers)
                    {
                        viewer.Writer.TryWrite(usage);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (feed.Stop.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            LiveLog.UsageFailed(logger, ex, feed.ContainerId);
            failure = ex;
        }

        lock (_gate)
        {
            // A stopped container's feed ends for everyone; the next viewer opens a new one.
            Forget(feed);
            foreach (var viewer in feed.Viewers)
            {
                viewer.Writer.TryComplete(failure is null ? null : new IOException("Reading the container's usage failed.", failure));
            }
        }
    }

    /// <summary>Removes the feed unless a newer one for its container has taken its place. Under the lock.</summary>
    private void Forget(Feed feed)
    {
        if (_feeds.TryGetValue(feed.ContainerId, out var current) && current == feed)
        {
            _feeds.Remove(feed.ContainerId);
        }
    }

    private sealed class Feed(string containerId)
    {
        public string ContainerId { get; } = containerId;

        public List<Channel<ContainerUsage>> Viewers { get; } = [];

        public CancellationTokenSource Stop { get; } = new();

        public Task Pump { get; set; } = Task.CompletedTask;

        public ContainerUsage? Latest { get; set; }
    }
}
