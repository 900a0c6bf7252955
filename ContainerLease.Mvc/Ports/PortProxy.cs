using System.Globalization;
using ContainerLease.Domain.Leases;
using ContainerLease.Domain.Ports;
using ContainerLease.Mvc.Auth;
using ContainerLease.Mvc.Logging;
using ContainerLease.Mvc.Pages;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
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
    IHttpForwarder forwarder,
    PortClient client,
    IOptions<PortsOptions> options,
    ILogger<PortProxy> logger)
{
    public const string LeaseRoute = "/leases/{leaseId}/ports/{port:int}/{**rest}";

    public const string LinkRoute = PortLinks.PathPrefix + "/{token}/{**rest}";

    public static string PathOf(LeaseId leaseId, int port) => $"/leases/{leaseId}/ports/{port.ToString(CultureInfo.InvariantCulture)}/";

    public async Task SignedInAsync(HttpContext context, string leaseId, int port)
    {
        var prefix = new PathString($"/leases/{leaseId}/ports/{port.ToString(CultureInfo.InvariantCulture)}");
        var route = await ports.OpenAsync(leaseId, port, context.User.ToCaller(), context.RequestAborted);
        if (route.Status != PortRouteStatus.Open)
        {
            await RefuseAsync(context, route);
            return;
        }

        var rest = Rest(context, prefix);
        if (!context.Request.Headers.ContainsKey(ApiKeyHandler.Header))
        {
            // A browser: on to a link, where the page runs in the sandbox (see PortLinks).
            var link = links.PathOf(route.Lease!.Id, port, deadline: null);
            var target = link.TrimEnd('/') + (rest.HasValue ? rest.Value : "/") + context.Request.QueryString;
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
        if (!links.TryRead(token, out var leaseId, out var port))
        {
            await WriteProblemAsync(context, StatusCodes.Status404NotFound, "Link not valid.", "This link is damaged, or its time is up; ask the lease's owner for a new one.");
            return;
        }

        var route = await ports.OpenAsync(leaseId, port, caller: null, context.RequestAborted);
        if (route.Status != PortRouteStatus.Open)
        {
            await RefuseAsync(context, route);
            return;
        }

        var prefix = new PathString($"{PortLinks.PathPrefix}/{token}");
        await ForwardAsync(context, route, prefix, Rest(context, prefix), port);
    }

    private async Task ForwardAsync(HttpContext context, PortRoute route, PathString prefix, PathString rest, int port)
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

        SecurityHeaders.MarkProxied(context);
        var lease = route.Lease!;
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
            await WriteProblemAsync(context, StatusCodes.Status502BadGateway, "The container did not answer.",
                $"Nothing answered on port {port} of lease {lease.Id} within {options.Value.ConnectTimeout.TotalSeconds:0.#} s, or the answer broke off. Is the server in the container running and listening on 0.0.0.0:{port}?");
        }
    }

    private static PathString Rest(HttpContext context, PathString prefix) =>
        context.Request.Path.StartsWithSegments(prefix, StringComparison.Ordinal, out var rest) ? rest : PathString.Empty;

    private static Task RefuseAsync(HttpContext context, PortRoute route) => route.Status switch
    {
        PortRouteStatus.Paused => PausedAsync(context, route.Detail),
        PortRouteStatus.Unreachable => WriteProblemAsync(context, StatusCodes.Status502BadGateway, "The container cannot be reached.", route.Detail),
        PortRouteStatus.NoPort => WriteProblemAsync(context, StatusCodes.Status404NotFound, "Port not served.", route.Detail),
        _ => WriteProblemAsync(context, StatusCodes.Status404NotFound, "Lease not found.", route.Detail),
    };

    private static Task PausedAsync(HttpContext context, string detail)
    {
        context.Response.Headers.RetryAfter = "5";
        return WriteProblemAsync(context, StatusCodes.Status503ServiceUnavailable, "The lease is paused.", detail);
    }

    private static async Task WriteProblemAsync(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        });
    }
}
