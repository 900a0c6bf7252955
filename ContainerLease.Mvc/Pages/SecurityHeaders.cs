using Microsoft.AspNetCore.StaticFiles;

namespace ContainerLease.Mvc.Pages;

/// <summary>
/// Headers on every response: no MIME sniffing, no framing, and for our own pages a content
/// security policy that allows only this origin's scripts and styles (there is no inline
/// script to allow). The one exception is a page's own nonce for <c>&lt;style&gt;</c> elements,
/// which the terminal's library (xterm.js) adds and cannot be told to leave out (xterm.js#4445);
/// no markup of ours carries it. The API docs page (Scalar) gets a script nonce and inline
/// styles, see <see cref="DocsPageNonce"/>. The Hangfire dashboard ships inline scripts, so it gets no policy. Every
/// answer but a static file (pages, fragments, the API and its problems, hubs) may carry a
/// user's leases and is <c>no-store</c>, so no browser history or shared cache keeps it.
/// </summary>
internal static class SecurityHeaders
{
    private const string Policy =
        "default-src 'self'; script-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'; style-src 'self'";

    private static readonly object StaticFile = new();

    private static readonly object Nonce = new();

    private static readonly object Proxied = new();

    private static readonly object ScriptNonceKey = new();

    /// <summary>
    /// For what a container serves through the port proxy: a sandbox without same-origin, so its
    /// scripts run in an opaque origin and can neither read the app's pages nor call it with the
    /// user's session; its own policy, if any, applies as well.
    /// </summary>
    private const string ProxiedPolicy = "sandbox allow-scripts allow-forms allow-popups allow-modals allow-downloads";

    /// <summary>This response's nonce for style elements, made on first use; the policy then admits it.</summary>
    public static string StyleNonce(HttpContext context)
    {
        if (context.Items[Nonce] is not string nonce)
        {
            nonce = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
            context.Items[Nonce] = nonce;
        }

        return nonce;
    }

    /// <summary>
    /// The API docs page's policy, for this response: its script elements (Scalar's bundle and the
    /// inline script that starts it) must carry the nonce returned, made on first use; and its
    /// styles may be inline, since the bundle injects style elements and sets style attributes it
    /// cannot be given a nonce for. Only that page asks; every other page keeps the strict policy.
    /// Inline styles there can still load nothing from elsewhere: img-src, font-src (default-src)
    /// and connect-src stay 'self', so injected CSS has no way out.
    /// </summary>
    public static string DocsPageNonce(HttpContext context)
    {
        if (context.Items[ScriptNonceKey] is not string nonce)
        {
            nonce = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
            context.Items[ScriptNonceKey] = nonce;
        }

        return nonce;
    }

    /// <summary>Marks a response as a container's, answered through the port proxy; on its own lease host it needs no sandbox.</summary>
    public static void MarkProxied(HttpContext context, bool sandbox) => context.Items[Proxied] = sandbox;

    /// <summary>Called by the static file middleware for each file it serves: those alone may be cached.</summary>
    public static void MayBeCached(StaticFileResponseContext file) => file.Context.Items[StaticFile] = true;

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        // Set as the answer starts, not before: the exception handler clears a failed request's
        // headers before it writes the problem, and an unknown /api path has no endpoint to go by.
        // Whether it is the dashboard is decided now: inside its branch the path has lost "/hangfire".
        var dashboard = context.Request.Path.StartsWithSegments("/hangfire");
        context.Response.OnStarting(() =>
        {
            Apply(context, dashboard);
            return Task.CompletedTask;
        });
        return next(context);
    });

    private static void Apply(HttpContext context, bool dashboard)
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        if (context.Items.TryGetValue(Proxied, out var sandbox))
        {
            // The container's own caching stands; a link's token must not leak in a Referer.
            headers.XFrameOptions = "SAMEORIGIN";
            headers["Referrer-Policy"] = "no-referrer";
            if (sandbox is true)
            {
                headers.Append("Content-Security-Policy", ProxiedPolicy);
            }

            return;
        }

        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "same-origin";
        if (!dashboard)
        {
            var policy = context.Items[Nonce] is string nonce ? $"{Policy} 'nonce-{nonce}'" : Policy;
            if (context.Items[ScriptNonceKey] is string scripts)
            {
                policy = policy
                    .Replace("script-src 'self'", $"script-src 'self' 'nonce-{scripts}'", StringComparison.Ordinal)
                    .Replace("style-src 'self'", "style-src 'self' 'unsafe-inline'", StringComparison.Ordinal);
            }

            headers.ContentSecurityPolicy = policy;
        }

        if (!context.Items.ContainsKey(StaticFile))
        {
            headers.CacheControl = "no-store";
        }
    }
}
