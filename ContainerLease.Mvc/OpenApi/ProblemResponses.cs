using ContainerLease.Mvc.Api;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.OpenApi;

namespace ContainerLease.Mvc.OpenApi;

/// <summary>
/// The problem-details answers each operation can give (see Errors/ErrorHandler and README's API
/// section), as <c>application/problem+json</c> against shared schemas. Which codes apply follows
/// from the operation's shape: a lease id can be unknown or busy, a body or query can be invalid.
/// </summary>
internal sealed class ProblemResponses : IOpenApiOperationTransformer
{
    private const string ProblemSchema = "ProblemDetails";
    private const string ValidationSchema = "HttpValidationProblemDetails";

    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var description = context.Description;
        var document = context.Document!;
        var problem = await ReferenceAsync(document, context, typeof(ProblemDetails), ProblemSchema, cancellationToken);
        var validation = await ReferenceAsync(document, context, typeof(HttpValidationProblemDetails), ValidationSchema, cancellationToken);
        operation.Responses ??= [];

        foreach (var (status, words) in StatusesOf(description))
        {
            var schema = status == StatusCodes.Status400BadRequest ? validation : problem;
            operation.Responses.TryAdd(status.ToString(System.Globalization.CultureInfo.InvariantCulture), new OpenApiResponse
            {
                Description = words,
                Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() { Schema = schema } },
            });
        }
    }

    private static IEnumerable<(int Status, string Words)> StatusesOf(ApiDescription description)
    {
        var path = description.RelativePath ?? string.Empty;
        var hasLease = path.Contains("{id}", StringComparison.Ordinal);
        var hasBody = description.ParameterDescriptions.Any(p => p.Source == Microsoft.AspNetCore.Mvc.ModelBinding.BindingSource.Body)
            || IsUpload(description);
        var hasQuery = description.ParameterDescriptions.Any(p => p.Source == Microsoft.AspNetCore.Mvc.ModelBinding.BindingSource.Query);

        if (hasBody || hasQuery)
        {
            yield return (400, "The request is not valid: `errors` names each field at fault, `detail` says why.");
        }

        yield return (401, "No API key, or one that is not known (never a redirect).");
        yield return (403, "The caller's role may not do this, or the lease's catalog entry does not allow it.");
        if (hasLease)
        {
            yield return (404, "An unknown lease, or another user's (answered exactly alike), or a path or port it does not have.");
            if (!(description.HttpMethod == "GET" && path == "api/leases/{id}"))
            {
                yield return (409, "The lease cannot do that now: it ended, is paused, or its container is not running.");
            }
        }

        if (hasBody)
        {
            yield return (413, "The body is larger than Api:MaxRequestBodyBytes (a file: Files:MaxUploadBytes).");
        }

        if (hasBody && !IsUpload(description))
        {
            yield return (415, "The body is not JSON.");
        }

        if (description.ActionDescriptor.EndpointMetadata.OfType<EnableRateLimitingAttribute>().Any())
        {
            yield return (429, "A quota or the rate limit is full; `limit` names which.");
            yield return (502, "The catalog's image could not be pulled.");
        }

        yield return (500, "An unexpected error; `traceId` is the id the app's log names.");
        yield return (503, "The Docker engine or the lease store does not answer; try again shortly.");
    }

    /// <summary>A raw upload binds no parameter; <see cref="FileUploadAttribute"/> marks it.</summary>
    internal static bool IsUpload(ApiDescription description) =>
        description.ActionDescriptor.EndpointMetadata.OfType<FileUploadAttribute>().Any();

    private static async Task<IOpenApiSchema> ReferenceAsync(OpenApiDocument document, OpenApiOperationTransformerContext context, Type type, string name, CancellationToken ct)
    {
        if (document.Components?.Schemas?.ContainsKey(name) != true)
        {
            document.AddComponent(name, await context.GetOrCreateSchemaAsync(type, null, ct));
        }

        return new OpenApiSchemaReference(name, document);
    }
}
