namespace ContainerLease.Mvc.Auth;

/// <summary>
/// Refuses hub connections a browser opens from another origin. Cookies alone would let any page
/// on the same site (another port, say) open a WebSocket as the signed-in user; SameSite does
/// not stop that, the Origin header does. Clients that are not browsers send no Origin.
/// </summary>
internal static class SameOriginHubs
{
    public static IApplicationBuilder UseSameOriginHubs(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        if (!context.Request.Path.StartsWithSegments("/hubs")
            || context.Request.Headers.Origin is not [{ } origin]
            || (Uri.TryCreate(origin, UriKind.Absolute, out var uri) && string.Equals(uri.Authority, context.Request.Host.Value, StringComparison.OrdinalIgnoreCase)))
        {
            return next(context);
        }

        return AuthProblems.WriteAsync(context, StatusCodes.Status403Forbidden, "Cross-origin connection refused.",
            "The hubs accept connections only from this application's own pages.");
    });
}
