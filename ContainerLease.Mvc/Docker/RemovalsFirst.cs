namespace ContainerLease.Mvc.Docker;

/// <summary>
/// Lets removals go first: while any removal is under way, a creation waits before its next engine
/// call. The engine slows every call down when it is busy creating, and a removal that is due must
/// not pay for a burst of provisions (the lease would outlive its expiry).
/// </summary>
/// <remarks>Creations can wait only as long as removals keep coming, and every lease has one removal.</remarks>
internal sealed class RemovalsFirst
{
    private readonly Lock _lock = new();
    private int _removing;
    private TaskCompletionSource _idle = Idle();

    /// <summary>Marks a removal as under way until the returned scope is disposed.</summary>
    public Scope BeginRemoval()
    {
        lock (_lock)
        {
            if (_removing++ == 0)
            {
                _idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }

        return new Scope(this);
    }

    /// <summary>Completes once no removal is under way.</summary>
    public Task WhenNoRemovalAsync(CancellationToken ct)
    {
        lock (_lock)
        {
            return _idle.Task.WaitAsync(ct);
        }
    }

    private void EndRemoval()
    {
        TaskCompletionSource? idle = null;
        lock (_lock)
        {
            if (--_removing == 0)
            {
                idle = _idle;
            }
        }

        idle?.TrySetResult();
    }

    private static TaskCompletionSource Idle()
    {
        var idle = new TaskCompletionSource();
        idle.SetResult();
        return idle;
    }

    public readonly struct Scope(RemovalsFirst owner) : IDisposable
    {
        public void Dispose() => owner.EndRemoval();
    }
}
