namespace ContainerLease.Mvc.Auth;

public static class Roles
{
    /// <summary>Sees and acts on every lease, opens the Hangfire dashboard and the metrics.</summary>
    public const string Admin = "admin";

    /// <summary>Sees and acts on their own leases only.</summary>
    public const string User = "user";

    /// <summary>Reads <c>/metrics</c> and nothing else: a Prometheus server's key, which cannot start or stop a container.</summary>
    public const string Metrics = "metrics";

    /// <summary>The authorization policy that admits admins only.</summary>
    public const string AdminPolicy = "admin";

    /// <summary>Admits admins and the metrics role: <c>/metrics</c>.</summary>
    public const string MetricsPolicy = "metrics";

    /// <summary>Admits anyone signed in, whatever the role: signing out, and the page that says a role may not go somewhere.</summary>
    public const string SignedInPolicy = "signed-in";
}
