namespace ContainerLease.Mvc.Live;

/// <summary>How many log streams are open in this instance: each one holds a Docker log request.</summary>
public sealed class OpenLogStreams
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public IDisposable Track()
    {
        Interlocked.Increment(ref _count);
        return new Release(this);
    }

    private sealed class Release(OpenLogStreams owner) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                Interlocked.Decrement(ref owner._count);
            }
        }
    }
}
