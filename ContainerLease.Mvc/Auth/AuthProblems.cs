using Microsoft.AspNetCore.Mvc;

namespace ContainerLease.Mvc.Auth;

/// <summary>Answers for the API, the hubs and the metrics, which have no sign-in page to send anyone to.</summary>
internal static class AuthProblems
{
    /// <summary>Paths a script or a connection asks for; everything else is a page.</summary>
    public static bool IsMachinePath(PathString path) =>
        path.StartsWithSegments("/api") || path.StartsWithSegments("/hubs") || path.StartsWithSegments("/metrics");

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
