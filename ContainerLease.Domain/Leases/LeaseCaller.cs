namespace ContainerLease.Domain.Leases;

/// <summary>
/// Who is asking. A user sees and acts on their own leases only; an admin on every lease.
/// A lease the caller may not see is answered as if it did not exist.
/// </summary>
public sealed record LeaseCaller(string Name, bool IsAdmin)
{
    public bool MaySee(Lease lease) => IsAdmin || lease.Owner == Name;
}
