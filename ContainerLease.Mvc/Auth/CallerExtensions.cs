using System.Security.Claims;
using ContainerLease.Domain.Leases;

namespace ContainerLease.Mvc.Auth;

public static class CallerExtensions
{
    /// <summary>The signed-in user as the domain sees them. Only reached behind authorization, so a name is always there.</summary>
    public static LeaseCaller ToCaller(this ClaimsPrincipal user) =>
        new(user.Identity?.Name ?? throw new InvalidOperationException("No user is signed in."), user.IsInRole(Roles.Admin));
}
