using ContainerLease.Mvc.Auth;

namespace ContainerLease.Tests.Integration.Infrastructure;

/// <summary>
/// The users every test app is configured with, as an operator would configure them: hashes in
/// the settings, the secrets only here. Clients sign in as <see cref="Alice"/> unless a test says otherwise.
/// </summary>
public static class TestUsers
{
    public static readonly TestUser Admin = new("admin", Roles.Admin, "admin-password-for-tests", "admin-key-for-tests");
    public static readonly TestUser Alice = new("alice", Roles.User, "alice-password-for-tests", "alice-key-for-tests");
    public static readonly TestUser Bob = new("bob", Roles.User, "bob-password-for-tests", "bob-key-for-tests");

    /// <summary>A Prometheus server's key: may read /metrics and nothing else.</summary>
    public static readonly TestUser Prometheus = new("prometheus", Roles.Metrics, "prometheus-password-for-tests", "prometheus-key-for-tests");

    public static IReadOnlyList<TestUser> All { get; } = [Admin, Alice, Bob, Prometheus];

    /// <summary>PBKDF2 is slow on purpose, so each password is hashed once per test run.</summary>
    private static readonly Lazy<IReadOnlyDictionary<string, string>> Hashes = new(() => All.ToDictionary(u => u.Name, u => Passwords.Hash(u.Password)));

    public static void AddTo(IDictionary<string, string?> settings)
    {
        foreach (var user in All)
        {
            settings[$"Auth:Users:{user.Name}:Role"] = user.Role;
            settings[$"Auth:Users:{user.Name}:PasswordHash"] = Hashes.Value[user.Name];
            settings[$"Auth:Users:{user.Name}:ApiKeySha256"] = Passwords.ApiKeySha256(user.ApiKey);
        }
    }

    /// <summary>Makes every request of <paramref name="client"/> carry <paramref name="user"/>'s API key.</summary>
    public static HttpClient As(this HttpClient client, TestUser user)
    {
        client.DefaultRequestHeaders.Remove(ApiKeyHandler.Header);
        client.DefaultRequestHeaders.Add(ApiKeyHandler.Header, user.ApiKey);
        return client;
    }
}

public sealed record TestUser(string Name, string Role, string Password, string ApiKey);
