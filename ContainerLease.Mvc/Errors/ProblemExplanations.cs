namespace ContainerLease.Mvc.Errors;

/// <summary>
/// Problems the framework writes by itself (no route, wrong verb, wrong content type) get a
/// <c>detail</c> that says what to send instead; problems the app wrote keep theirs.
/// </summary>
internal static class ProblemExplanations
{
    public const string Endpoints =
        "The API: POST /api/provision, GET /api/containers, GET or DELETE /api/leases/{id}, POST /api/leases/{id}/extend, POST /api/leases/{id}/exec, GET or PUT /api/leases/{id}/files?path=/tmp/data.csv.";

    public static void Explain(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        problem.Detail ??= problem.Status switch
        {
            StatusCodes.Status404NotFound => $"No API endpoint has this path. {Endpoints}",
            StatusCodes.Status405MethodNotAllowed => $"This path does not take {context.HttpContext.Request.Method}. {Endpoints}",
            StatusCodes.Status415UnsupportedMediaType => "Send the body as JSON, with Content-Type: application/json.",
            _ => null,
        };
    }
}
