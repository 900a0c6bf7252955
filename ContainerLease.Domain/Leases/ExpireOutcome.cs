namespace ContainerLease.Domain.Leases;

/// <summary>What an expiry run did. Every value is a success: jobs are delivered at least once.</summary>
public enum ExpireOutcome
{
    /// <summary>The container was removed (or already gone) and the lease ended now.</summary>
    Expired,

    /// <summary>The lease was extended after this job was scheduled; the job for the new time will end it.</summary>
    Stale,

    /// <summary>The lease had already ended, or never existed here.</summary>
    AlreadyEnded,

    /// <summary>The job ran well before the lease is due; it must be scheduled again.</summary>
    NotYetDue,
}
