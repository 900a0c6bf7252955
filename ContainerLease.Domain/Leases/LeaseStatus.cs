namespace ContainerLease.Domain.Leases;

public enum LeaseStatus
{
    /// <summary>The container runs and the lease counts down.</summary>
    Active,

    /// <summary>The lease is over but its container may still exist: removal is in progress or being retried.</summary>
    Ending,

    /// <summary>The container is gone; the record stays readable for the retention period.</summary>
    Ended,

    /// <summary>
    /// Its image is being pulled (<c>Catalog:WaitForPull</c>): no container yet, and its clock has
    /// not started; <see cref="Lease.ExpiresAt"/> less <see cref="Lease.CreatedAt"/> is the duration asked.
    /// </summary>
    Pulling,
}
