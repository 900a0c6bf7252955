using System.Security.Claims;
using Microsoft.Extensions.Options;

namespace ContainerLease.Mvc.Auth;

/// <summary>The users from configuration: who a password or an API key belongs to.</summary>
public sealed class UserDirectory
{
    /// <summary>Checked when the user name is unknown, so a wrong name costs as long as a wrong password.</summary>
    private static readonly string DecoyHash = Passwords.Hash(Guid.NewGuid().ToString());

    private readonly Dictionary<string, AuthUser> _users;
    private readonly Dictionary<string, string> _nameByKeyHash;

    public UserDirectory(IOptions<AuthOptions> options)
    {
        _users = options.Value.Users;
        _nameByKeyHash = _users
            .Where(u => !string.IsNullOrEmpty(u.Value.ApiKeySha256))
            .ToDictionary(u => u.Value.ApiKeySha256!, u => u.Key, StringComparer.Ordinal);
    }

    public bool IsEmpty => _users.Count == 0;

    public ClaimsPrincipal? FindByPassword(string name, string password, string scheme)
    {
        if (!_users.TryGetValue(name, out var user) || string.IsNullOrEmpty(user.PasswordHash))
        {
            Passwords.Verify(DecoyHash, password);
            return null;
        }

        return Passwords.Verify(user.PasswordHash, password) ? Principal(name, user, scheme) : null;
    }

    /// <summary>
    /// Looks the key up by its hash. The lookup's timing can at most reveal something about the
    /// SHA-256 of a guess, which tells nothing about a stored key.
    /// </summary>
    public ClaimsPrincipal? FindByApiKey(string apiKey, string scheme) =>
        _nameByKeyHash.TryGetValue(Passwords.ApiKeySha256(apiKey), out var name) ? Principal(name, _users[name], scheme) : null;

    /// <summary>True while the signed-in user still exists with the same role, so a cookie outlives no configuration change.</summary>
    public bool StillValid(ClaimsPrincipal principal) =>
        principal.Identity?.Name is { } name && _users.TryGetValue(name, out var user) && principal.IsInRole(user.Role);

    private static ClaimsPrincipal Principal(string name, AuthUser user, string scheme) =>
        new(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, name), new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, user.Role)],
            scheme,
            ClaimTypes.Name,
            ClaimTypes.Role));
}
