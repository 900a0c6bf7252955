using Microsoft.AspNetCore.Mvc;

namespace ContainerLease.Mvc.Auth;

/// <summary>Problem answers for the API, the hubs, the metrics and the port proxy, which have no page to send anyone to.</summary>
internal static class AuthProblems
{
    /// <summary>Paths a script or a connection asks for; everything else is a page.</summary>
    public static bool IsMachinePath(PathString path) =>
        path.StartsWithSegments("/api") || path.StartsWithSegments("/hubs") || path.StartsWithSegments("/metrics");

    /// <summary>
    /// A request a person's browser would not make as a page: a machine path, or a container's port
    /// asked for by something that does not take HTML (a browser is sent to sign in instead).
    /// </summary>
    public static bool IsMachineRequest(HttpRequest request) =>
        IsMachinePath(request.Path)
        || (request.Path.Value?.Contains("/ports/", StringComparison.Ordinal) == true && request.Path.StartsWithSegments("/leases")
            && !request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase));

    public static async Task WriteAsync(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        });
    }
}
