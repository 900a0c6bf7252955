using Microsoft.Extensions.Options;

namespace ContainerLease.Mvc.Api;

/// <summary>
/// Caps API request bodies whatever the server (Kestrel, IIS, the test server): a declared length
/// over the cap is refused at once; a chunked body is counted as it is read and refused when it
/// passes the cap. Either way the error handler answers 413 problem details.
/// </summary>
internal sealed class RequestBodyLimit(RequestDelegate next, IOptions<ApiOptions> options)
{
    public Task InvokeAsync(HttpContext context)
    {
        var limit = options.Value.MaxRequestBodyBytes;
        if (context.Request.ContentLength > limit)
        {
            throw TooLarge(limit);
        }

        context.Request.Body = new LimitedReadStream(context.Request.Body, limit, () => TooLarge(limit));
        return next(context);
    }

    private static BadHttpRequestException TooLarge(long limit) =>
        new($"The request body is larger than the API accepts ({limit} bytes).", StatusCodes.Status413PayloadTooLarge);
}
