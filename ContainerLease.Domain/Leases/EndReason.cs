namespace ContainerLease.Domain.Leases;

public enum EndReason
{
    /// <summary>The lease ran out.</summary>
    Expired,

    /// <summary>Someone ended it early.</summary>
    Terminated,

    /// <summary>Its container disappeared without the app removing it.</summary>
    Gone,

    /// <summary>Its container wrote more than its catalog entry's <c>DiskMb</c>.</summary>
    DiskLimit,

    /// <summary>Nothing happened in it for its catalog entry's <c>IdleTimeout</c>.</summary>
    Idle,

    /// <summary>Its image could not be pulled, so its container never started.</summary>
    PullFailed,
}

public static class EndReasons
{
    /// <summary>The reason as the API, the page and the history say it: <c>expired</c>, <c>terminated</c>, <c>gone</c>, <c>disk-limit</c>, <c>idle</c>, <c>pull-failed</c>.</summary>
    public static string Name(this EndReason reason) => reason switch
    {
        EndReason.DiskLimit => "disk-limit",
        EndReason.PullFailed => "pull-failed",
        _ => reason.ToString().ToLowerInvariant(),
    };
}
