using System.Security.Claims;
using System.Security.Cryptography;

namespace ContainerLease.Mvc.Auth.Sessions;

/// <summary>The claim that ties a sign-in cookie to its server-side session.</summary>
public static class SessionClaim
{
    public const string ClaimType = "containerlease:sid";

    public static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    public static string? IdOf(ClaimsPrincipal? principal) => principal?.FindFirst(ClaimType)?.Value;
}
