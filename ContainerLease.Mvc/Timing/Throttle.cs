namespace ContainerLease.Mvc.Timing;

/// <summary>
/// At most once per interval, across threads without a lock: the first call passes, and then the
/// first call at least <paramref name="every"/> after the last one that passed. Of two calls that
/// race for one turn, one passes.
/// </summary>
internal sealed class Throttle(TimeSpan every, TimeProvider time)
{
    private long _last;

    public bool TryPass()
    {
        var now = time.GetTimestamp();
        var last = Interlocked.Read(ref _last);
        return (last == 0 || time.GetElapsedTime(last, now) >= every)
            && Interlocked.CompareExchange(ref _last, now, last) == last;
    }
}
