using ContainerLease.Mvc.Auth.Sessions;
using ContainerLease.Mvc.Logging;
using ContainerLease.Mvc.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ContainerLease.Mvc.Auth;

public static class AuthRegistration
{
    /// <summary>Chooses cookie or API key per request.</summary>
    private const string ByRequest = "by-request";

    public static IHostApplicationBuilder AddAuth(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();
        services.AddSingleton<UserDirectory>();
        services.AddSingleton<ISessionStore>(sp => sp.GetRequiredService<StorageChoice>().UsesRedis
            ? ActivatorUtilities.CreateInstance<RedisSessionStore>(sp)
            : ActivatorUtilities.CreateInstance<InMemorySessionStore>(sp));

        services.AddAuthentication(ByRequest)
            .AddPolicyScheme(ByRequest, "Cookie for pages, API key for scripts", policy =>
                // The API takes keys only, so a browser's cookie can never call it on a user's behalf.
                policy.ForwardDefaultSelector = context =>
                    context.Request.Path.StartsWithSegments("/api") || context.Request.Headers.ContainsKey(ApiKeyHandler.Header)
                        ? ApiKeyHandler.SchemeName
                        : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyHandler>(ApiKeyHandler.SchemeName, null)
            .AddCookie(CookieAuthenticationDefaults.AuthenticationScheme, cookie =>
            {
                cookie.Cookie.Name = "containerlease.auth";
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Strict;
                cookie.SlidingExpiration = true;
                cookie.LoginPath = "/login";
                cookie.AccessDeniedPath = "/denied";
                cookie.Events = new CookieAuthenticationEvents
                {
                    OnRedirectToLogin = context => RedirectOrRefuseAsync(context, StatusCodes.Status401Unauthorized),
                    OnRedirectToAccessDenied = context => RedirectOrRefuseAsync(context, StatusCodes.Status403Forbidden),
                    OnValidatePrincipal = ValidateAsync,
                };
            });
        services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<IOptions<AuthOptions>>((cookie, auth) => cookie.ExpireTimeSpan = auth.Value.SessionLifetime);

        services.AddAuthorizationBuilder()
            // Secure by default: an endpoint nobody marked is for signed-in users and admins only,
            // so a role added later (such as metrics) reaches nothing it was not given.
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().RequireRole(Roles.Admin, Roles.User).Build())
            .AddPolicy(Roles.AdminPolicy, policy => policy.RequireRole(Roles.Admin))
            .AddPolicy(Roles.MetricsPolicy, policy => policy.RequireRole(Roles.Admin, Roles.Metrics))
            .AddPolicy(Roles.SignedInPolicy, policy => policy.RequireAuthenticatedUser());
        return builder;
    }

    /// <summary>After static files (which are public) and before anything that needs to know the user.</summary>
    public static WebApplication UseAuth(this WebApplication app)
    {
        app.UseSameOriginHubs();
        app.UseAuthentication();
        app.UseAuthorization();
        if (app.Services.GetRequiredService<UserDirectory>().IsEmpty)
        {
            AppLog.NoUsers(app.Logger);
        }

        return app;
    }

    /// <summary>
    /// A cookie stands while its user still exists with the same role and its server-side session
    /// is live (signing out ends it for every copy of the cookie). While the session store cannot
    /// be asked, the request is treated as signed out but the cookie is kept.
    /// </summary>
    private static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var services = context.HttpContext.RequestServices;
        if (!services.GetRequiredService<UserDirectory>().StillValid(context.Principal!) || SessionClaim.IdOf(context.Principal) is not { } sessionId)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return;
        }

        try
        {
            var lifetime = services.GetRequiredService<IOptions<AuthOptions>>().Value.SessionLifetime;
            if (!await services.GetRequiredService<ISessionStore>().TouchAsync(sessionId, lifetime, context.HttpContext.RequestAborted))
            {
                context.RejectPrincipal();
                await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            }
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            AppLog.SessionTouchFailed(services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AuthRegistration)), ex);
            context.RejectPrincipal();
        }
    }

    /// <summary>Pages go to the sign-in page; htmx is told to go there itself; the API, hubs and metrics get a problem.</summary>
    private static Task RedirectOrRefuseAsync(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        var http = context.HttpContext;
        if (AuthProblems.IsMachineRequest(http.Request))
        {
            return status == StatusCodes.Status401Unauthorized
                ? AuthProblems.WriteAsync(http, status, "Authentication required.", $"Sign in, or send your API key in the {ApiKeyHandler.Header} header.")
                : AuthProblems.WriteAsync(http, status, "Not allowed.", "Your role may not do this.");
        }

        if (http.Request.Headers.ContainsKey("HX-Request"))
        {
            http.Response.StatusCode = status;
            http.Response.Headers["HX-Redirect"] = context.RedirectUri;
            return Task.CompletedTask;
        }

        http.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}
