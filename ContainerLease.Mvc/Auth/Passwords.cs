using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;

namespace ContainerLease.Mvc.Auth;

/// <summary>
/// Password and API key hashing. Passwords use ASP.NET Core Identity's hasher (PBKDF2 with
/// HMAC-SHA512 and a random salt); API keys are long random strings, so a plain SHA-256 suffices.
/// </summary>
public static class Passwords
{
    private static readonly PasswordHasher<object> Hasher = new();
    private static readonly object NoUser = new();

    public static string Hash(string password) => Hasher.HashPassword(NoUser, password);

    public static bool Verify(string hash, string password)
    {
        try
        {
            return Hasher.VerifyHashedPassword(NoUser, hash, password) != PasswordVerificationResult.Failed;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>A version-3 Identity hash: a format byte 0x01 and at least a salt and a subkey.</summary>
    public static bool IsWellFormedHash(string hash)
    {
        var bytes = new byte[hash.Length];
        return Convert.TryFromBase64String(hash, bytes, out var length) && length >= 13 + 16 + 32 && bytes[0] == 0x01;
    }

    public static string ApiKeySha256(string apiKey) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(apiKey)));

    /// <summary>A new API key: 32 random bytes, URL-safe.</summary>
    public static string NewApiKey() =>
        "cl_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
