using ContainerLease.Domain.Files;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace ContainerLease.Mvc.Api;

/// <summary>
/// Caps request bodies whatever the server (Kestrel, IIS, the test server): a declared length
/// over the cap is refused at once; a chunked body is counted as it is read and refused when it
/// passes the cap. Either way the error handler answers 413 problem details. A file upload
/// (<see cref="FileUploadAttribute"/>) has the files' cap instead of the API's.
/// </summary>
internal sealed class RequestBodyLimit(RequestDelegate next, IOptions<ApiOptions> options, IOptions<FilesOptions> files)
{
    public Task InvokeAsync(HttpContext context)
    {
        var upload = FileUploadAttribute.IsOn(context);
        var limit = upload ? files.Value.MaxUploadBytes : options.Value.MaxRequestBodyBytes;
        if (context.Request.ContentLength > limit)
        {
            throw TooLarge(limit, upload);
        }

        if (upload && context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } server)
        {
            // Kestrel's own cap (30 MB) would refuse a legal upload; the count below is the cap.
            server.MaxRequestBodySize = null;
        }

        context.Request.Body = new LimitedReadStream(context.Request.Body, limit, () => TooLarge(limit, upload));
        return next(context);
    }

    private static BadHttpRequestException TooLarge(long limit, bool upload) => new(
        upload
            ? $"The file is larger than an upload may be ({limit} bytes, Files:MaxUploadBytes); nothing was written."
            : $"The request body is larger than the API accepts ({limit} bytes).",
        StatusCodes.Status413PayloadTooLarge);
}
