using System.Security.Claims;
using ContainerLease.Domain.Errors;
using ContainerLease.Mvc.Audit;
using ContainerLease.Mvc.Auth.Sessions;
using ContainerLease.Mvc.Limits;
using ContainerLease.Mvc.Live;
using ContainerLease.Mvc.Logging;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace ContainerLease.Mvc.Auth;

/// <summary>Page sign-in and sign-out with the users from configuration.</summary>
[AutoValidateAntiforgeryToken]
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class AccountController(
    UserDirectory users,
    ISessionStore sessions,
    SignedOutConnections signedOut,
    IOptions<AuthOptions> authOptions,
    AuditLog audit,
    TimeProvider time,
    ILogger<AccountController> logger) : Controller
{
    [HttpGet("/login")]
    [AllowAnonymous]
    public IActionResult Login(string? returnUrl = null) => View(new SignInForm { ReturnUrl = returnUrl });

    [HttpPost("/login")]
    [AllowAnonymous]
    [EnableRateLimiting(LimitsRegistration.SignIn)]
    public async Task<IActionResult> Login(SignInForm input)
    {
        if (ModelState.IsValid)
        {
            var principal = users.FindByPassword(input.UserName!, input.Password!, CookieAuthenticationDefaults.AuthenticationScheme);
            if (principal is not null)
            {
                var sessionId = SessionClaim.NewId();
                ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(SessionClaim.ClaimType, sessionId));
                await sessions.StartAsync(sessionId, input.UserName!, authOptions.Value.SessionLifetime, HttpContext.RequestAborted);
                await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal);
                AppLog.SignedIn(logger, LogText.Of(input.UserName));
                await audit.WriteAsync(new NewAuditEntry(time.GetUtcNow(), input.UserName!, AuditEvents.SignIn, Detail: From()));
                return LocalRedirect(Url.IsLocalUrl(input.ReturnUrl) ? input.ReturnUrl : "/");
            }

            // One message for a wrong name and a wrong password: the page must not reveal which users exist.
            AppLog.SignInFailed(logger, LogText.Of(input.UserName), HttpContext.Connection.RemoteIpAddress?.ToString() ?? "an unknown address");
            ModelState.AddModelError(nameof(SignInForm.Password), "The user name or the password is wrong.");
            await audit.WriteAsync(new NewAuditEntry(time.GetUtcNow(), Echo.Of(input.UserName), AuditEvents.SignInFailed, Detail: From()));
        }

        // The password is never sent back, not even into its own field.
        return View(new SignInForm { UserName = input.UserName, ReturnUrl = input.ReturnUrl });
    }

    [HttpPost("/logout")]
    [Authorize(Policy = Roles.SignedInPolicy)]
    public async Task<IActionResult> Logout()
    {
        // Ends the session on the server, so a copy of the cookie (another tab, or a stolen one)
        // opens nothing any more, and closes the session's hub connections here; other
        // instances close theirs when they next look.
        if (SessionClaim.IdOf(User) is { } sessionId)
        {
            await sessions.EndAsync(sessionId, HttpContext.RequestAborted);
            signedOut.Close(sessionId);
        }

        await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        await audit.WriteAsync(new NewAuditEntry(time.GetUtcNow(), User.Identity?.Name ?? "?", AuditEvents.SignOut, Detail: From()));
        return Redirect("/login");
    }

    /// <summary>Where a sign-in came from, for the audit log.</summary>
    private string From() => "from " + (HttpContext.Connection.RemoteIpAddress?.ToString() ?? "an unknown address");

    [HttpGet("/denied")]
    [Authorize(Policy = Roles.SignedInPolicy)]
    public IActionResult Denied() => View();
}
