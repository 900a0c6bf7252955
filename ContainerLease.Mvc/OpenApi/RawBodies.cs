using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace ContainerLease.Mvc.OpenApi;

/// <summary>File copies move raw bytes, which no parameter or return type describes: an upload's body, a download's file or tar.</summary>
internal sealed class RawBodies : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var description = context.Description;
        if (ProblemResponses.IsUpload(description))
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Description = "The file's bytes, streamed (with a Content-Length) or chunked.",
                Content = new Dictionary<string, OpenApiMediaType> { ["application/octet-stream"] = new() { Schema = Binary() } },
            };
        }
        else if (description.HttpMethod == "GET" && description.RelativePath?.EndsWith("/files", StringComparison.Ordinal) == true)
        {
            operation.Responses ??= [];
            operation.Responses["200"] = new OpenApiResponse
            {
                Description = "The file's bytes, or a folder as a tar archive of it (<folder>.tar); Content-Disposition names it.",
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/octet-stream"] = new() { Schema = Binary() },
                    ["application/x-tar"] = new() { Schema = Binary() },
                },
            };
        }

        return Task.CompletedTask;
    }

    private static OpenApiSchema Binary() => new() { Type = JsonSchemaType.String, Format = "binary" };
}
