using System.Globalization;
using ContainerLease.Domain.Leases;
using ContainerLease.Domain.Ports;
using ContainerLease.Mvc.Auth;
using ContainerLease.Mvc.Logging;
using ContainerLease.Mvc.Pages;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;

namespace ContainerLease.Mvc.Ports;

/// <summary>
/// The two ways into a container's port. <c>/leases/&lt;id&gt;/ports/&lt;port&gt;/…</c> is the
/// stable URL a lease lists: a script with its API key is proxied there and then; a browser with
/// its session cookie is sent on to a link (<see cref="PortLinks"/>), where the page is served in
/// a sandbox. <c>/ports/&lt;token&gt;/…</c> is the link, for the owner or whoever it was shared with.
/// Each request is checked by <see cref="LeasePorts"/> and forwarded by YARP, WebSockets included.
/// </summary>
internal sealed class PortProxy(
    LeasePorts ports,
    PortLinks links,
    IContainerAddresses addresses,
    LeaseActivity activity,
    IHttpForwarder forwarder,
    PortClient client,
    PortHosts hosts,
    IOptions<PortsOptions> options,
    ILogger<PortProxy> logger)
{
    public const string LeaseRoute = "/leases/{leaseId}/ports/{port:int}/{**rest}";

    public const string LinkRoute = PortLinks.PathPrefix + "/{token}/{**rest}";

    /// <summary>On a lease host: takes a link's token, keeps it in <see cref="PassCookie"/>, and goes on to <c>next</c>.</summary>
    public const string EnterPath = "/__containerlease/enter";

    /// <summary>A lease host's own cookie, holding the link that lets the browser in; never sent on to the container.</summary>
    public const string PassCookie = "containerlease-port";

    public static string PathOf(LeaseId leaseId, int port) => $"/leases/{leaseId}/ports/{port.ToString(CultureInfo.InvariantCulture)}/";

    public async Task SignedInAsync(HttpContext context, string leaseId, int port)
    {
        var prefix = new PathString($"/leases/{leaseId}/ports/{port.ToString(CultureInfo.InvariantCulture)}");
        var route = await ports.OpenAsync(leaseId, port, context.User.ToCaller(), ct: context.RequestAborted);
        if (route.Status != PortRouteStatus.Open)
        {
            await RefuseAsync(context, route);
            return;
        }

        var rest = Rest(context, prefix);
        if (!context.Request.Headers.ContainsKey(ApiKeyHandler.Header))
        {
            // A browser: on to a link, where the page runs in the sandbox (see PortLinks), or to its lease host.
            var next = (rest.HasValue ? rest.Value : "/") + context.Request.QueryString;
            var target = hosts.Enabled
                ? new Uri(hosts.OriginOf(route.Lease!.Id, port), $"{EnterPath}?t={links.Create(route.Lease.Id, port, deadline: null)}&next={Uri.EscapeDataString(next)}").ToString()
                : links.PathOf(route.Lease!.Id, port, deadline: null).TrimEnd('/') + next;
            context.Response.StatusCode = HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)
                ? StatusCodes.Status302Found
                : StatusCodes.Status307TemporaryRedirect;
            context.Response.Headers.Location = target;
            return;
        }

        await ForwardAsync(context, route, prefix, rest, port);
    }

    public async Task LinkAsync(HttpContext context, string token)
    {
        if (!links.TryRead(token, out var leaseId, out var port, out var madeAt))
        {
            await AuthProblems.WriteAsync(context, StatusCodes.Status404NotFound, "Link not valid.", "This link is damaged, or its time is up; ask the lease's owner for a new one.");
            return;
        }

        var route = await ports.OpenAsync(leaseId, port, caller: null, madeAt, context.RequestAborted);
        if (route.Status != PortRouteStatus.Open)
        {
            await RefuseAsync(context, route);
            return;
        }

        var prefix = new PathString($"{PortLinks.PathPrefix}/{token}");
        await ForwardAsync(context, route, prefix, Rest(context, prefix), port);
    }

    /// <summary>
    /// A request to a lease host (<see cref="PortsOptions.HostPattern"/>): the port's own origin, so
    /// nothing is sandboxed or stripped from the path. The browser proves itself with the pass
    /// cookie that <see cref="EnterPath"/> set from a link; without it, it is sent to the app to sign in.
    /// </summary>
    public async Task HostAsync(HttpContext context, string leaseId, int port)
    {
        var request = context.Request;
        if (request.Path == EnterPath)
        {
            var token = request.Query["t"].ToString();
            if (!Grants(token, leaseId, port, out _))
            {
                await AuthProblems.WriteAsync(context, StatusCodes.Status404NotFound, "Link not valid.", "This link is damaged, is for another port, or its time is up; ask the lease's owner for a new one.");
                return;
            }

            context.Response.Cookies.Append(PassCookie, token, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = request.IsHttps, Path = "/", IsEssential = true });
            var next = request.Query["next"].ToString();
            context.Response.Redirect(next.StartsWith('/') && !next.StartsWith("//", StringComparison.Ordinal) && !next.StartsWith("/\\", StringComparison.Ordinal) ? next : "/");
            return;
        }

        if (!Grants(request.Cookies[PassCookie], leaseId, port, out var passMadeAt))
        {
            if (request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase) && (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)))
            {
                context.Response.Redirect(hosts.SignInOf(leaseId, port, request.Path + request.QueryString).ToString());
                return;
            }

            await AuthProblems.WriteAsync(context, StatusCodes.Status401Unauthorized, "Authentication required.",
                $"Open this port from the lease's panel or a share link; scripts use /leases/{leaseId}/ports/{port}/ on the app with their {ApiKeyHandler.Header}.");
            return;
        }

        var route = await ports.OpenAsync(leaseId, port, caller: null, passMadeAt, context.RequestAborted);
        if (route.Status != PortRouteStatus.Open)
        {
            await RefuseAsync(context, route);
            return;
        }

        await ForwardAsync(context, route, PathString.Empty, request.Path, port, sandbox: false);
    }

    private bool Grants(string? token, string leaseId, int port, out DateTimeOffset madeAt)
    {
        madeAt = default;
        return !string.IsNullOrEmpty(token) && links.TryRead(token, out var granted, out var grantedPort, out madeAt) && granted == leaseId && grantedPort == port;
    }

    private async Task ForwardAsync(HttpContext context, PortRoute route, PathString prefix, PathString rest, int port, bool sandbox = true)
    {
        if (!rest.HasValue && (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)))
        {
            // Without the slash the served page's relative links would resolve above its prefix.
            context.Response.Redirect(prefix + "/" + context.Request.QueryString);
            return;
        }

        // A proxied upload is the container's business, not the app's own body limit's.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = null;
        }

        SecurityHeaders.MarkProxied(context, sandbox);
        var lease = route.Lease!;
        await activity.NoteAsync(lease.Id, context.RequestAborted);
        var config = new ForwarderRequestConfig { ActivityTimeout = options.Value.ActivityTimeout };
        var error = await forwarder.SendAsync(context, route.Destination!.ToString(), client.Invoker, config,
            new PortTransformer(prefix, rest.HasValue ? rest : new PathString("/")), context.RequestAborted);
        if (error == ForwarderError.None)
        {
            return;
        }

        addresses.Forget(lease.ContainerId);
        var failure = context.Features.Get<IForwarderErrorFeature>();
        if (error is ForwarderError.RequestCanceled or ForwarderError.RequestBodyCanceled or ForwarderError.UpgradeRequestCanceled)
        {
            return; // The client went away.
        }

        AppLog.PortRequestFailed(logger, failure?.Exception, lease.Id.Value, port, error);
        if (!context.Response.HasStarted)
        {
            await AuthProblems.WriteAsync(context, StatusCodes.Status502BadGateway, "The container did not answer.",
                $"Nothing answered on port {port} of lease {lease.Id} within {options.Value.ConnectTimeout.TotalSeconds:0.#} s, or the answer broke off. Is the server in the container running and listening on 0.0.0.0:{port}?");
        }
    }

    private static PathString Rest(HttpContext context, PathString prefix) =>
        context.Request.Path.StartsWithSegments(prefix, StringComparison.Ordinal, out var rest) ? rest : PathString.Empty;

    private static Task RefuseAsync(HttpContext context, PortRoute route) => route.Status switch
    {
        PortRouteStatus.Paused => PausedAsync(context, route.Detail),
        PortRouteStatus.Unreachable => AuthProblems.WriteAsync(context, StatusCodes.Status502BadGateway, "The container cannot be reached.", route.Detail),
        PortRouteStatus.NoPort => AuthProblems.WriteAsync(context, StatusCodes.Status404NotFound, "Port not served.", route.Detail),
        PortRouteStatus.LinkRevoked => AuthProblems.WriteAsync(context, StatusCodes.Status404NotFound, "Link not valid.", route.Detail),
        _ => AuthProblems.WriteAsync(context, StatusCodes.Status404NotFound, "Lease not found.", route.Detail),
    };

    private static Task PausedAsync(HttpContext context, string detail)
    {
        context.Response.Headers.RetryAfter = "5";
        return AuthProblems.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "The lease is paused.", detail);
    }
}
