namespace ContainerLease.Mvc.Jobs;

/// <summary>Whether this instance's Hangfire server is up, as <see cref="JobServerHost"/> last set it.</summary>
public sealed class JobServerState
{
    private volatile bool _running;

    public bool Running
    {
        get => _running;
        set => _running = value;
    }
}
