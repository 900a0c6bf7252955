namespace ContainerLease.Mvc.Live;

/// <summary>
/// How many long-lived streams of one kind are open in this instance (each holds an engine
/// connection: a log request, a terminal's exec), how many per owner, and the signal that closes
/// them all when the app stops.
/// </summary>
public abstract class OpenStreams : IDisposable
{
    private readonly CancellationTokenSource _closing = new();
    private readonly PerUserCount _byUser = new();
    private int _count;

    public int Count => Volatile.Read(ref _count);

    /// <summary>Cancelled when the app stops: every stream then ends with a notice.</summary>
    public CancellationToken Closing => _closing.Token;

    /// <summary>Counts a stream of <paramref name="owner"/> (a user, a lease) as open, or null when it already holds <paramref name="max"/>.</summary>
    public IDisposable? TryTrack(string owner, int max)
    {
        var held = _byUser.TryTake(owner, max);
        if (held is null)
        {
            return null;
        }

        Interlocked.Increment(ref _count);
        return new Release(this, held);
    }

    /// <summary>Tells every stream to close; each ends with a notice and stops counting itself.</summary>
    public void CloseAll() => _closing.Cancel();

    public void Dispose()
    {
        _closing.Dispose();
        GC.SuppressFinalize(this);
    }

    private sealed class Release(OpenStreams owner, IDisposable held) : IDisposable
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

/// <summary>Log streams, counted per user (<c>Logs:MaxStreamsPerUser</c>).</summary>
public sealed class OpenLogStreams : OpenStreams;
