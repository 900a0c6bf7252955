namespace ContainerLease.Mvc.Auth;

/// <summary>The <c>Auth</c> section: the people who may sign in, keyed by user name.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    public Dictionary<string, AuthUser> Users { get; set; } = new(StringComparer.Ordinal);

    /// <summary>How long a page sign-in lasts without use.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);
}

/// <summary>One user: a password for the pages, an API key for scripts, or both.</summary>
public sealed class AuthUser
{
    /// <summary>From <c>ContainerLease.Mvc hash-password</c>; empty means no page sign-in.</summary>
    public string? PasswordHash { get; set; }

    /// <summary><c>admin</c> or <c>user</c>.</summary>
    public string Role { get; set; } = Roles.User;

    /// <summary>Lowercase hex SHA-256 of the key sent as <c>X-Api-Key</c>; empty means no API access.</summary>
    public string? ApiKeySha256 { get; set; }
}
