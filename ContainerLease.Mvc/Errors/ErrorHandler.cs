using ContainerLease.Domain.Errors;
using ContainerLease.Mvc.Logging;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace ContainerLease.Mvc.Errors;

/// <summary>
/// Every error a request did not handle: on the API, RFC 9457 problem details, here and nowhere
/// else; on a page, it is logged with an id and the error page is shown instead (see ErrorController).
/// </summary>
internal sealed class ErrorHandler(IProblemDetailsService problems, ILogger<ErrorHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        // The middleware may already point the request at /error; the feature keeps the path that failed.
        var path = httpContext.Features.Get<IExceptionHandlerFeature>()?.Path ?? httpContext.Request.Path.Value ?? string.Empty;
        if (!path.StartsWith("/api/", StringComparison.OrdinalIgnoreCase))
        {
            var traceId = System.Diagnostics.Activity.Current?.TraceId.ToString() ?? httpContext.TraceIdentifier;
            AppLog.PageFailed(logger, exception, httpContext.Request.Method, LogText.Of(path), traceId);
            return false;
        }

        var problem = exception switch
        {
            LeaseValidationException e => new ValidationProblemDetails(new Dictionary<string, string[]> { [e.Field] = [e.Message] })
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "The request is not valid.",
                Detail = e.Message,
            },
            LeaseNotFoundException e => Problem(StatusCodes.Status404NotFound, "Lease not found.", e.Message),
            PortNotServedException e => Problem(StatusCodes.Status404NotFound, "Port not served.", e.Message),
            PathNotFoundException e => Problem(StatusCodes.Status404NotFound, "Path not found.", e.Message),
            LeaseConflictException e => Problem(StatusCodes.Status409Conflict, "The lease cannot do that now.", e.Message),
            ActionNotAllowedException e => Problem(StatusCodes.Status403Forbidden, "The lease does not allow that.", e.Message),
            QuotaExceededException e => Quota(e),
            ImageUnavailableException e => Problem(StatusCodes.Status502BadGateway, "The image could not be pulled.", e.Message),
            NoCapacityException e => Problem(StatusCodes.Status503ServiceUnavailable, "No room for the lease.", e.Message),
            CapabilityUnavailableException e => Problem(StatusCodes.Status501NotImplemented, "Not available with this runtime.", e.Message),
            DependencyUnavailableException { Dependency: DependencyUnavailableException.Docker } e =>
                Problem(StatusCodes.Status503ServiceUnavailable, "The Docker engine is unavailable.", e.Message),
            DependencyUnavailableException e => Problem(StatusCodes.Status503ServiceUnavailable, "The lease store is unavailable.", e.Message),
            BadHttpRequestException e => Problem(e.StatusCode, e.StatusCode == StatusCodes.Status413PayloadTooLarge ? "The request body is too large." : "The request is not valid.", e.Message),
            OperationCanceledException when httpContext.RequestAborted.IsCancellationRequested => null,
            _ => Problem(StatusCodes.Status500InternalServerError, "An unexpected error occurred.", "The error was logged with the trace id of this response."),
        };

        if (problem is null)
        {
            // The client went away; nobody is left to answer.
            return true;
        }

        if (problem.Status >= 500)
        {
            // The answer says what failed in words and gives this id; the log line with the same id keeps the rest.
            var errorId = System.Diagnostics.Activity.Current?.Id ?? httpContext.TraceIdentifier;
            problem.Extensions["traceId"] = errorId;
            AppLog.RequestFailed(logger, exception, httpContext.Request.Method, LogText.Of(path), problem.Status.Value, errorId);
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    private static ProblemDetails Quota(QuotaExceededException e)
    {
        var problem = Problem(StatusCodes.Status429TooManyRequests, "Quota exceeded.", e.Message);
        problem.Extensions["limit"] = e.Limit;
        return problem;
    }

    private static ProblemDetails Problem(int status, string title, string detail) => new() { Status = status, Title = title, Detail = detail };
}
