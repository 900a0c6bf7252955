using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace ContainerLease.Mvc.Auth;

/// <summary>Refuses to start with a user the app could not use safely, naming the setting to fix.</summary>
internal sealed partial class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        var failures = new List<string>();
        foreach (var (user, settings) in options.Users)
        {
            var at = $"{AuthOptions.Section}:Users:{user}";

            // The name becomes the lease owner, a container label and part of Redis keys.
            if (!UserName().IsMatch(user))
            {
                failures.Add($"{at}: user names are 1-64 characters of a-z, 0-9, '.', '_' and '-'.");
            }

            if (settings.Role is not (Roles.Admin or Roles.User or Roles.Metrics))
            {
                failures.Add($"{at}:Role must be '{Roles.Admin}', '{Roles.User}' or '{Roles.Metrics}', not '{settings.Role}'.");
            }

            if (!string.IsNullOrEmpty(settings.ApiKeySha256) && !Sha256Hex().IsMatch(settings.ApiKeySha256))
            {
                failures.Add($"{at}:ApiKeySha256 must be 64 lowercase hex characters (the SHA-256 of the key; see 'new-api-key').");
            }

            if (!string.IsNullOrEmpty(settings.PasswordHash) && !Passwords.IsWellFormedHash(settings.PasswordHash))
            {
                failures.Add($"{at}:PasswordHash is not a hash made by 'hash-password'.");
            }

            if (string.IsNullOrEmpty(settings.PasswordHash) && string.IsNullOrEmpty(settings.ApiKeySha256))
            {
                failures.Add($"{at} has neither a PasswordHash nor an ApiKeySha256, so it could never sign in.");
            }
        }

        var keys = options.Users.Values.Select(u => u.ApiKeySha256).Where(k => !string.IsNullOrEmpty(k)).ToList();
        if (keys.Count != keys.Distinct(StringComparer.Ordinal).Count())
        {
            failures.Add($"{AuthOptions.Section}:Users: two users have the same ApiKeySha256.");
        }

        if (options.SessionLifetime <= TimeSpan.Zero)
        {
            failures.Add($"{AuthOptions.Section}:SessionLifetime must be positive.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    [GeneratedRegex("^[a-z0-9._-]{1,64}$")]
    private static partial Regex UserName();

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex Sha256Hex();
}
