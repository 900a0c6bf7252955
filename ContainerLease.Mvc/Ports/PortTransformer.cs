using ContainerLease.Mvc.Auth;
using Microsoft.Net.Http.Headers;
using Yarp.ReverseProxy.Forwarder;

namespace ContainerLease.Mvc.Ports;

/// <summary>
/// What changes on the way through: the path loses the proxy's prefix, which the container learns
/// from <c>X-Forwarded-Prefix</c>; the app's own credentials (its cookies, an API key) never reach
/// the container; cookies the container sets are kept to its own prefix, so no container can
/// set a cookie for the app or for another lease; and headers that would act on the whole origin
/// (<c>Clear-Site-Data</c>, HSTS, <c>Alt-Svc</c>) are dropped.
/// </summary>
internal sealed class PortTransformer(PathString prefix, PathString rest) : HttpTransformer
{
    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
        var request = httpContext.Request;
        proxyRequest.RequestUri = RequestUtilities.MakeDestinationAddress(destinationPrefix, rest, request.QueryString);
        proxyRequest.Headers.Host = null;

        var headers = proxyRequest.Headers;
        headers.Remove(ApiKeyHandler.Header);
        headers.Remove(HeaderNames.Cookie);
        var theirs = request.Cookies.Where(c => !IsOurs(c.Key)).Select(c => $"{c.Key}={c.Value}").ToList();
        if (theirs.Count > 0)
        {
            headers.TryAddWithoutValidation(HeaderNames.Cookie, string.Join("; ", theirs));
        }

        Set(headers, "X-Forwarded-For", httpContext.Connection.RemoteIpAddress?.ToString());
        Set(headers, "X-Forwarded-Proto", request.Scheme);
        Set(headers, "X-Forwarded-Host", request.Host.Value);
        Set(headers, "X-Forwarded-Prefix", prefix.Value);
    }

    public override async ValueTask<bool> TransformResponseAsync(HttpContext httpContext, HttpResponseMessage? proxyResponse, CancellationToken cancellationToken)
    {
        var proceed = await base.TransformResponseAsync(httpContext, proxyResponse, cancellationToken);
        var headers = httpContext.Response.Headers;
        // Headers that act on the whole origin, which is the app's on the path form: a container
        // may not clear the app's cookies and storage, pin it to HTTPS, or point it elsewhere.
        foreach (var name in OriginWide)
        {
            headers.Remove(name);
        }

        if (headers.SetCookie.Count > 0)
        {
            var kept = new List<string>();
            foreach (var value in headers.SetCookie)
            {
                if (SetCookieHeaderValue.TryParse(value, out var cookie) && !IsOurs(cookie.Name.Value ?? string.Empty))
                {
                    cookie.Domain = null;
                    cookie.Path = prefix.Add(cookie.Path.HasValue && cookie.Path.Value.StartsWith('/') ? new PathString(cookie.Path.Value) : new PathString("/")).Value;
                    kept.Add(cookie.ToString());
                }
            }

            headers.SetCookie = kept.ToArray();
        }

        return proceed;
    }

    private static readonly string[] OriginWide = ["Clear-Site-Data", HeaderNames.StrictTransportSecurity, "Alt-Svc"];

    /// <summary>The app's session and antiforgery cookies.</summary>
    private static bool IsOurs(string name) =>
        name.StartsWith("containerlease", StringComparison.OrdinalIgnoreCase) || name.StartsWith(".AspNetCore.", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("__Host-", StringComparison.Ordinal) || name.StartsWith("__Secure-", StringComparison.Ordinal);

    private static void Set(System.Net.Http.Headers.HttpRequestHeaders headers, string name, string? value)
    {
        headers.Remove(name);
        if (!string.IsNullOrEmpty(value))
        {
            headers.TryAddWithoutValidation(name, value);
        }
    }
}
