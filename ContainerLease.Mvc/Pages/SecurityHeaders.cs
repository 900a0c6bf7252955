namespace ContainerLease.Mvc.Pages;

/// <summary>
/// Headers on every response: no MIME sniffing, no framing, and for our own pages a content
/// security policy that allows only this origin's scripts and styles (there is no inline
/// script to allow). The Hangfire dashboard ships inline scripts, so it gets no policy. Every
/// answer of an endpoint (pages, fragments, the API, hubs) carries a user's leases and is
/// <c>no-store</c>, so no browser history or shared cache keeps it; static files stay cacheable.
/// </summary>
internal static class SecurityHeaders
{
    private const string Policy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "same-origin";
        if (!context.Request.Path.StartsWithSegments("/hangfire"))
        {
            headers.ContentSecurityPolicy = Policy;
        }

        context.Response.OnStarting(() =>
        {
            // Routing has run by now: only static files have no endpoint.
            if (context.GetEndpoint() is not null)
            {
                context.Response.Headers.CacheControl = "no-store";
            }

            return Task.CompletedTask;
        });
        return next(context);
    });
}
