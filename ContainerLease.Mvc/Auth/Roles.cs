namespace ContainerLease.Mvc.Auth;

public static class Roles
{
    /// <summary>Sees and acts on every lease, opens the Hangfire dashboard and the metrics.</summary>
    public const string Admin = "admin";

    /// <summary>Sees and acts on their own leases only.</summary>
    public const string User = "user";

    /// <summary>The authorization policy that admits admins only.</summary>
    public const string AdminPolicy = "admin";
}
