namespace ContainerLease.Mvc.Auth;

/// <summary>
/// Refuses hub connections a browser opens from another origin. Cookies alone would let any page
/// on the same site (another port or scheme, say) open a WebSocket as the signed-in user;
/// SameSite does not stop that, the Origin header does. Clients that are not browsers send no
/// Origin; a request with more than one is no browser's and is refused.
/// </summary>
internal static class SameOriginHubs
{
    public static IApplicationBuilder UseSameOriginHubs(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var origins = context.Request.Headers.Origin;
        if (!context.Request.Path.StartsWithSegments("/hubs") || origins.Count == 0 || IsOwn(origins, context.Request))
        {
            return next(context);
        }

        return AuthProblems.WriteAsync(context, StatusCodes.Status403Forbidden, "Cross-origin connection refused.",
            "The hubs accept connections only from this application's own pages.");
    });

    private static bool IsOwn(Microsoft.Extensions.Primitives.StringValues origins, HttpRequest request) =>
        origins is [{ } origin]
        && Uri.TryCreate(origin, UriKind.Absolute, out var uri)
        && string.Equals(uri.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
}
