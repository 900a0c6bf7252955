namespace ContainerLease.Mvc.Live;

/// <summary>
/// How many log streams are open in this instance (each one holds a Docker log request), and
/// the signal that closes them all when the app stops.
/// </summary>
public sealed class OpenLogStreams : IDisposable
{
    private readonly CancellationTokenSource _closing = new();
    private readonly PerUserCount _byUser = new();
    private int _count;

    public int Count => Volatile.Read(ref _count);

    /// <summary>Cancelled when the app stops: every stream then ends with a notice.</summary>
    public CancellationToken Closing => _closing.Token;

    /// <summary>Counts a stream of <paramref name="user"/> as open, or null when they already hold <paramref name="maxPerUser"/>.</summary>
    public IDisposable? TryTrack(string user, int maxPerUser)
    {
        var held = _byUser.TryTake(user, maxPerUser);
        if (held is null)
        {
            return null;
        }

        Interlocked.Increment(ref _count);
        return new Release(this, held);
    }

    /// <summary>Tells every stream to close and waits, at most <paramref name="wait"/>, until none is open.</summary>
    public bool CloseAll(TimeSpan wait)
    {
        _closing.Cancel();
        return SpinWait.SpinUntil(() => Count == 0, wait);
    }

    public void Dispose() => _closing.Dispose();

    private sealed class Release(OpenLogStreams owner, IDisposable held) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                Interlocked.Decrement(ref owner._count);
                held.Dispose();
            }
        }
    }
}
